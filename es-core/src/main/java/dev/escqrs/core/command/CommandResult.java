package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.event.AggregateEvent;
import java.util.List;

/**
 * What a handled command did: the aggregate as it stood after it and the events appended (none for a no-op), how
 * many attempts it took (more than one when it lost races to other writers), and whether it is the replay of an
 * earlier command with the same idempotency key ({@code replayed}: then the aggregate and events are that command's,
 * read back from the store, and nothing was written this time).
 */
public record CommandResult<E, S>(
        Aggregate<S> aggregate, List<AggregateEvent<E>> events, int attempts, boolean replayed) {
    public CommandResult {
        events = List.copyOf(events);
    }

    /** The result of a command that ran (not a replay). */
    public CommandResult(Aggregate<S> aggregate, List<AggregateEvent<E>> events, int attempts) {
        this(aggregate, events, attempts, false);
    }

    /** True when the command appended events. */
    public boolean changed() {
        return !events.isEmpty();
    }
}
