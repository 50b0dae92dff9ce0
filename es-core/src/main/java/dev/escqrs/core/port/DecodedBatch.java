package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;
import java.util.List;

/**
 * What a {@link FeedDecoder} made of a batch: the events, each aggregate's in version order, the records it
 * skipped (a decoder built to skip steps over one bad record and delivers the rest; a strict one throws instead), and
 * the events of ours it could not decode, which a decoder built to park delivers for the projector to park.
 */
public record DecodedBatch(
        List<AggregateEvent<Object>> events, List<SkippedRecord> skipped, List<UnreadableEvent> unreadable) {
    public DecodedBatch {
        events = List.copyOf(events);
        skipped = List.copyOf(skipped);
        unreadable = List.copyOf(unreadable);
    }

    /** A batch without unreadable events. */
    public DecodedBatch(List<AggregateEvent<Object>> events, List<SkippedRecord> skipped) {
        this(events, skipped, List.of());
    }

    /** A change record that held no event of ours, or could not be read: which one, and why. */
    public record SkippedRecord(String eventId, String sequenceNumber, String reason) {}
}
