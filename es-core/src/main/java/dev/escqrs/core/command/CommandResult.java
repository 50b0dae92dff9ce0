package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.event.AggregateEvent;

import java.util.List;

/**
 * What a handled command did: the aggregate as it now stands and the events appended (none for a no-op), and how
 * many attempts it took (more than one when it lost races to other writers).
 */
public record CommandResult<S, E>(Aggregate<S> aggregate, List<AggregateEvent<E>> events, int attempts) {
    public CommandResult {
        events = List.copyOf(events);
    }

    /** True when the command appended events. */
    public boolean changed() {
        return !events.isEmpty();
    }
}
