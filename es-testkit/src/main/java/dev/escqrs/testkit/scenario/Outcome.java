package dev.escqrs.testkit.scenario;

import java.util.List;
import java.util.Optional;

/** What a scenario's command did: the events it produced and the state after them, or what it threw. */
record Outcome<E, S>(List<E> events, Optional<S> state, Optional<Throwable> error) {
    static <E, S> Outcome<E, S> produced(List<E> events, S state) {
        return new Outcome<>(List.copyOf(events), Optional.of(state), Optional.empty());
    }

    static <E, S> Outcome<E, S> threw(Throwable error) {
        return new Outcome<>(List.of(), Optional.empty(), Optional.of(error));
    }
}
