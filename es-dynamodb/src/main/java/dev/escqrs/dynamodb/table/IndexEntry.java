package dev.escqrs.dynamodb.table;

import dev.escqrs.core.internal.StreamIds;
import java.util.Objects;

/**
 * One event in the change-feed index: which aggregate and version, its name and id; not its body, which stays in the
 * events table. What {@link dev.escqrs.dynamodb.feed.DynamoDbIndexFeed#readEntries} gives a consumer that needs no more.
 */
public record IndexEntry(String aggregateName, String aggregateId, long version, String eventName, String eventId) {
    public IndexEntry {
        Objects.requireNonNull(aggregateName, "aggregateName");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(eventId, "eventId");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
    }

    /** The key of the aggregate's stream in the events table: {@code aggregateName#aggregateId}. */
    public String streamId() {
        return StreamIds.of(aggregateName, aggregateId);
    }
}
