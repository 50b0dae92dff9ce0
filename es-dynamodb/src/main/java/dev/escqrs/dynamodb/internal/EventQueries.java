package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.core.spi.StreamIds;
import dev.escqrs.dynamodb.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The event store's reads: the aggregate row, one history, a segment of all events, the events of one name. */
public final class EventQueries {
    /** Items per page: bounds what a lazy read holds at once. */
    public static final int PAGE_SIZE = 500;

    private final DynamoDbClient client;
    private final TableNames tables;
    private final JsonCodec codec;

    public EventQueries(DynamoDbClient client, TableNames tables, JsonCodec codec) {
        this.client = client;
        this.tables = tables;
        this.codec = codec;
    }

    /** The row, read consistently. */
    public <S> Optional<Aggregate<S>> row(AggregateType<S, ?> type, String aggregateId) {
        GetItemResponse response = ReadFailures.guard(() -> "the row of %s %s".formatted(type.name(), aggregateId),
                () -> client.getItem(b -> b.tableName(tables.aggregateTable(type)).consistentRead(true)
                        .key(Map.of(AggregateItems.ID, AttributeValue.fromS(aggregateId)))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AggregateItems.fromItem(type, response.item(), codec));
    }

    /** One aggregate's events from {@code fromVersion}, a {@code Query} page at a time. */
    public <E> Stream<AggregateEvent<E>> history(AggregateType<?, E> type, String aggregateId, long fromVersion,
                                                 ReadConsistency consistency) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tables.eventsTable())
                .consistentRead(consistency == ReadConsistency.STRONG)
                .keyConditionExpression("#sid = :sid AND #v >= :from")
                .expressionAttributeNames(Map.of("#sid", EventItems.STREAM_ID, "#v", EventItems.VERSION))
                .expressionAttributeValues(Map.of(":sid", AttributeValue.fromS(StreamIds.of(type.name(), aggregateId)),
                        ":from", AttributeValue.fromN(Long.toString(fromVersion))))
                .limit(PAGE_SIZE)
                .build();
        String where = "event of %s %s".formatted(type.name(), aggregateId);
        return ReadFailures.guardPages(() -> "the events of %s %s".formatted(type.name(), aggregateId),
                        client.queryPaginator(query).items())
                .map(item -> codec.decode(EventItems.fromItem(item, where), type.eventClass()));
    }

    /**
     * A parallel {@code Scan} segment of the events table, consistent. An aggregate's items share a partition key, so
     * they are all in one segment, in version order. Items of other aggregate types are dropped before decoding (a
     * {@code Scan} reads and bills them all the same).
     */
    public Stream<AggregateEvent<Object>> segment(Set<String> aggregateNames, int segment, int totalSegments) {
        return ReadFailures.guardPages(() -> "segment %d of %d of %s".formatted(segment, totalSegments, tables.eventsTable()),
                        client.scanPaginator(b -> b.tableName(tables.eventsTable()).consistentRead(true).limit(PAGE_SIZE)
                                .segment(segment).totalSegments(totalSegments)).items())
                .filter(item -> EventItems.isEvent(item)
                        && aggregateNames.contains(EventItems.aggregateName(item, "an item of " + tables.eventsTable())))
                .map(item -> codec.decode(EventItems.fromItem(item, "event in segment %d of %d of %s"
                        .formatted(segment, totalSegments, tables.eventsTable()))));
    }

    /** The events named {@code eventName}, through the by-name index, in event id order. */
    public Stream<AggregateEvent<Object>> byName(String eventName) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tables.eventsTable())
                .indexName(EventItems.BY_NAME_INDEX)
                .keyConditionExpression("#n = :n")
                .expressionAttributeNames(Map.of("#n", EventItems.EVENT_NAME))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(eventName)))
                .limit(PAGE_SIZE)
                .build();
        return ReadFailures.guardPages(() -> "the events named " + eventName, client.queryPaginator(query).items())
                .map(item -> codec.decode(EventItems.fromItem(item, "event named " + eventName)));
    }
}
