package dev.escqrs.core.projection;

import java.time.Instant;
import java.util.Objects;

/**
 * An event an operator gave up on for one runner: it was the head of a {@link ParkedAggregate} and was never applied
 * there. Kept in the runner's {@link Parking} so that it stays skipped when the feed delivers it again, and as the
 * record of who skipped it, when and why.
 */
public record SkippedEvent(
        String runner,
        String aggregateName,
        String aggregateId,
        long version,
        String eventId,
        String eventName,
        String by,
        String reason,
        Instant at) {
    public SkippedEvent {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(aggregateName, "aggregateName");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** {@code aggregateName#aggregateId}. */
    public String streamId() {
        return dev.escqrs.core.internal.StreamIds.of(aggregateName, aggregateId);
    }
}
