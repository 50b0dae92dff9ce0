package dev.escqrs.testkit.scenario;

import dev.escqrs.core.event.AggregateEvent;
import java.util.List;
import java.util.Optional;

/** What a scenario's command did: the events it produced (with their envelopes) and the state after them, or what it threw. */
record RunResult<E, S>(List<AggregateEvent<E>> envelopes, Optional<S> state, Optional<Throwable> error) {
    static <E, S> RunResult<E, S> produced(List<AggregateEvent<E>> envelopes, S state) {
        return new RunResult<>(List.copyOf(envelopes), Optional.of(state), Optional.empty());
    }

    static <E, S> RunResult<E, S> threw(Throwable error) {
        return new RunResult<>(List.of(), Optional.empty(), Optional.of(error));
    }

    List<E> events() {
        return envelopes.stream().map(AggregateEvent::payload).toList();
    }
}
