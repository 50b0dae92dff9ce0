package dev.escqrs.cli;

import dev.escqrs.dynamodb.internal.EventItems;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An aggregate's events as the scan saw them: how many, and the last one's version and id. */
record EventsSummary(long count, long lastVersion, String lastEventId) {
    static EventsSummary of(long version, String eventId) {
        return new EventsSummary(1, version, eventId);
    }

    /** The one event {@code item} of the events table is; empty when it has no readable version. */
    static Optional<EventsSummary> of(Map<String, AttributeValue> item, EventItems events) {
        AttributeValue version = item.get(events.version());
        AttributeValue eventId = item.get(events.eventId());
        if (version == null || version.n() == null) {
            return Optional.empty();
        }
        return Optional.of(EventsSummary.of(Long.parseLong(version.n()), eventId == null ? "" : eventId.s()));
    }

    EventsSummary plus(EventsSummary other) {
        EventsSummary last = other.lastVersion > lastVersion ? other : this;
        return new EventsSummary(count + other.count, last.lastVersion, last.lastEventId);
    }
}
