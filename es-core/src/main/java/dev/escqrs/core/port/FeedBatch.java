package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;

import java.util.List;

/**
 * Events read from a {@link ChangeFeed}, each aggregate's in version order, and the checkpoint to resume after them.
 * Empty when nothing new was there; its checkpoint may still move (past records that hold no events).
 */
public record FeedBatch(List<AggregateEvent<Object>> events, Checkpoint checkpoint) {
    public FeedBatch {
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }
}
