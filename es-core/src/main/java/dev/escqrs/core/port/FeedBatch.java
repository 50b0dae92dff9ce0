package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;
import java.util.List;
import java.util.Objects;

/**
 * Events read from a {@link ChangeFeed}, each aggregate's in version order, and the checkpoint to resume after them.
 * Empty when nothing new was there; its checkpoint may still move (past records that hold no events). A feed that
 * parks ({@link dev.escqrs.core.projection.BadRecords#PARK}) also hands over the events of ours it could not decode
 * ({@code unreadable}), so that the checkpoint never moves past an event that is neither applied nor parked.
 */
public record FeedBatch(List<AggregateEvent<Object>> events, Checkpoint checkpoint, List<UnreadableEvent> unreadable) {
    public FeedBatch {
        events = List.copyOf(events);
        Objects.requireNonNull(checkpoint, "checkpoint");
        unreadable = List.copyOf(unreadable);
    }

    /** A batch without unreadable events. */
    public FeedBatch(List<AggregateEvent<Object>> events, Checkpoint checkpoint) {
        this(events, checkpoint, List.of());
    }

    /** Whether it holds neither events nor unreadable events. */
    public boolean isEmpty() {
        return events.isEmpty() && unreadable.isEmpty();
    }

    /** How many records it holds: events and unreadable events. */
    public int size() {
        return events.size() + unreadable.size();
    }
}
