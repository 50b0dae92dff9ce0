package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;

import java.util.List;

/**
 * What a {@link FeedDecoder} made of a batch: the events, each aggregate's in version order, and the records it
 * skipped (a decoder built to skip steps over one bad record and delivers the rest; a strict one throws instead).
 */
public record DecodedBatch(List<AggregateEvent<Object>> events, List<SkippedRecord> skipped) {
    public DecodedBatch {
        events = List.copyOf(events);
        skipped = List.copyOf(skipped);
    }

    /** A change record that held no event of ours, or could not be read: which one, and why. */
    public record SkippedRecord(String eventId, String sequenceNumber, String reason) {
    }
}
