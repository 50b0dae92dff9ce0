package dev.escqrs.testkit.scenario;

import dev.escqrs.core.command.Decisions;
import dev.escqrs.core.decider.Decider;

import java.util.List;

/** Runs a scenario on the decider's functions: fold the given events with evolve, then decide. */
final class PureRunner<C, E, S> implements ScenarioRunner<C, E, S> {
    private final String aggregateName;
    private final Decider<C, E, S> decider;

    PureRunner(String aggregateName, Decider<C, E, S> decider) {
        this.aggregateName = aggregateName;
        this.decider = decider;
    }

    @Override
    public Run<E, S> run(Scenario.ScenarioSettings settings, List<E> given, C command) {
        S before = fold(decider.initialState(), given);
        Outcome<E, S> outcome = decideOn(settings, before, command, given.isEmpty());
        return new Run<>(outcome, () -> decideOn(settings, outcome.state().orElseThrow(), command,
                given.isEmpty() && outcome.events().isEmpty()));
    }

    private Outcome<E, S> decideOn(Scenario.ScenarioSettings settings, S state, C command, boolean creating) {
        List<E> events;
        try {
            events = decider.decide(command, state);
            // the rules the command handler applies on every store
            Decisions.check(aggregateName, settings.aggregateId(), command, events, creating);
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
