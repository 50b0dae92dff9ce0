package dev.escqrs.testkit.scenario;

import dev.escqrs.core.decider.Decider;

import java.util.List;

/** Runs a scenario on the decider's functions: fold the given events with evolve, then decide. */
final class PureRunner<C, E, S> implements ScenarioRunner<C, E, S> {
    private final Decider<C, E, S> decider;

    PureRunner(Decider<C, E, S> decider) {
        this.decider = decider;
    }

    @Override
    public Run<E, S> run(Scenario.ScenarioSettings settings, List<E> given, C command) {
        S before = fold(decider.initialState(), given);
        Outcome<E, S> outcome = decideOn(before, command);
        return new Run<>(outcome, () -> decideOn(outcome.state().orElseThrow(), command));
    }

    private Outcome<E, S> decideOn(S state, C command) {
        List<E> events;
        try {
            events = decider.decide(command, state);
        } catch (RuntimeException e) {
            return Outcome.threw(e);
        }
        return Outcome.produced(events, fold(state, events));
    }

    private S fold(S state, List<E> events) {
        S current = state;
        for (E event : events) {
            current = decider.evolve(current, event);
        }
        return current;
    }
}
