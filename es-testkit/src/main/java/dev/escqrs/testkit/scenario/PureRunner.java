package dev.escqrs.testkit.scenario;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.command.Decisions;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario on the decider's functions: fold the given events with evolve, then decide. The envelopes are made
 * as the command handler makes them on a store (ids from the same generator, the given events taking the first ones),
 * so a scenario's envelopes are the same pure and on every store.
 */
final class PureRunner<C, E, S> implements ScenarioRunner<C, E, S> {
    private final AggregateType<S, E> type;
    private final Decider<C, E, S> decider;

    PureRunner(AggregateType<S, E> type, Decider<C, E, S> decider) {
        this.type = type;
        this.decider = decider;
    }

    @Override
    public Run<E, S> run(Scenario.ScenarioSettings settings, List<E> given, C command) {
        EventIds ids = settings.idsForRun();
        given.forEach(event -> ids.next()); // on a store, the given events take these ids
        S before = fold(decider.initialState(), given);
        Outcome<E, S> outcome = decideOn(settings, ids, before, given.size(), command);
        return new Run<>(outcome, () -> decideOn(settings, ids, outcome.state().orElseThrow(),
                given.size() + outcome.envelopes().size(), command));
    }

    private Outcome<E, S> decideOn(Scenario.ScenarioSettings settings, EventIds ids, S state, long version, C command) {
        List<AggregateEvent<E>> envelopes = new ArrayList<>();
        try {
            List<E> events = decider.decide(command, state);
            // the rules the command handler applies on every store
            Decisions.check(type.name(), settings.aggregateId(), command, events, version == 0);
            long next = version;
            for (E event : events) {
                envelopes.add(new AggregateEvent<>(ids.next(), type.eventName(event), type.name(),
                        settings.aggregateId(), ++next, settings.actorId(), event, settings.metadata()));
            }
        } catch (RuntimeException e) {
            return Outcome.threw(e);
        }
        return Outcome.produced(envelopes, fold(state, envelopes.stream().map(AggregateEvent::payload).toList()));
    }

    private S fold(S state, List<E> events) {
        S current = state;
        for (E event : events) {
            current = decider.evolve(current, event);
        }
        return current;
    }
}
