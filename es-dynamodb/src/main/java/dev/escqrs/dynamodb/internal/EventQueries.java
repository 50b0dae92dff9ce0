package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The event store's reads: the aggregate row, one history, a segment of all events, the events of one name. */
public final class EventQueries {
    /** Items per page: bounds what a lazy read holds at once. */
    public static final int PAGE_SIZE = 500;

    private final DynamoDbClient client;
    private final TableNames tables;
    private final JsonCodec codec;
    private final RetryPolicy retryPolicy;
    private final EventItems events;
    private final AggregateItems rows;

    /** {@code retryPolicy}: how often and how patiently to ask again for keys a {@code BatchGetItem} left unprocessed. */
    public EventQueries(DynamoDbClient client, TableNames tables, JsonCodec codec, RetryPolicy retryPolicy) {
        this.client = client;
        this.tables = tables;
        this.codec = codec;
        this.retryPolicy = retryPolicy;
        this.events = EventItems.of(tables.layout());
        this.rows = AggregateItems.of(tables.layout());
    }

    /** The row, read consistently. */
    public <S> Optional<Aggregate<S>> row(AggregateType<?, S> type, String aggregateId) {
        GetItemResponse response = ReadFailures.guard(
                tables.aggregateTable(type),
                () -> "the row of %s %s".formatted(type.name(), aggregateId),
                () -> client.getItem(b -> b.tableName(tables.aggregateTable(type))
                        .consistentRead(true)
                        .key(rows.key(aggregateId))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rows.fromItem(type, response.item(), codec));
    }

    /** The item of the aggregate's newest event, read consistently: one {@code Query}, newest first, {@code Limit 1}. */
    public Optional<Map<String, AttributeValue>> newest(AggregateType<?, ?> type, String aggregateId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tables.eventsTable())
                .consistentRead(true)
                .keyConditionExpression("#sid = :sid")
                .expressionAttributeNames(Map.of("#sid", events.streamId()))
                .expressionAttributeValues(Map.of(":sid", AttributeValue.fromS(StreamIds.of(type.name(), aggregateId))))
                .scanIndexForward(false)
                .limit(1)
                .build();
        var response = ReadFailures.guard(
                tables.eventsTable(),
                () -> "the newest event of %s %s".formatted(type.name(), aggregateId),
                () -> client.query(query));
        return response.hasItems() && !response.items().isEmpty()
                ? Optional.of(response.items().getFirst())
                : Optional.empty();
    }

    /** One aggregate's events from {@code fromVersion}, a {@code Query} page at a time. */
    public <E> Stream<AggregateEvent<E>> history(
            AggregateType<E, ?> type, String aggregateId, long fromVersion, ReadConsistency consistency) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tables.eventsTable())
                .consistentRead(consistency == ReadConsistency.STRONG)
                .keyConditionExpression("#sid = :sid AND #v >= :from")
                .expressionAttributeNames(Map.of("#sid", events.streamId(), "#v", events.version()))
                .expressionAttributeValues(Map.of(
                        ":sid",
                        AttributeValue.fromS(StreamIds.of(type.name(), aggregateId)),
                        ":from",
                        AttributeValue.fromN(Long.toString(fromVersion))))
                .limit(PAGE_SIZE)
                .build();
        String where = "event of %s %s".formatted(type.name(), aggregateId);
        return ReadFailures.guardPages(
                        tables.eventsTable(),
                        () -> "the events of %s %s".formatted(type.name(), aggregateId),
                        client.queryPaginator(query).items())
                .map(item -> codec.decode(EventItems.fromItem(item, where), type.eventClass()));
    }

    /**
     * A parallel {@code Scan} segment of the events table, consistent. An aggregate's items share a partition key, so
     * they are all in one segment, in version order. Items of other aggregate types are dropped before decoding (a
     * {@code Scan} reads and bills them all the same).
     */
    public Stream<AggregateEvent<Object>> segment(Set<String> aggregateNames, int segment, int totalSegments) {
        return encodedSegment(aggregateNames, segment, totalSegments).map(codec::decode);
    }

    /** {@link #segment}, not decoded. */
    public Stream<EncodedEvent> encodedSegment(Set<String> aggregateNames, int segment, int totalSegments) {
        return ReadFailures.guardPages(
                        tables.eventsTable(),
                        () -> "segment %d of %d of %s".formatted(segment, totalSegments, tables.eventsTable()),
                        client.scanPaginator(b -> b.tableName(tables.eventsTable())
                                        .consistentRead(true)
                                        .limit(PAGE_SIZE)
                                        .segment(segment)
                                        .totalSegments(totalSegments))
                                .items())
                .filter(item -> EventItems.isEvent(item)
                        && aggregateNames.contains(
                                EventItems.aggregateName(item, "an item of " + tables.eventsTable())))
                .map(item -> EventItems.fromItem(
                        item,
                        "event in segment %d of %d of %s".formatted(segment, totalSegments, tables.eventsTable())));
    }

    /**
     * The events named {@code eventName}, in event id order: the keys from every shard of the by-name index (KEYS_ONLY,
     * a page of {@value #PAGE_SIZE} per shard; the first pages fetched in parallel), merged by event id, then the
     * events themselves from the table, {@value BatchedGets#MAX_KEYS} keys per {@code BatchGetItem}.
     *
     * @throws UnsupportedOperationException the tables have no by-name index
     */
    public Stream<AggregateEvent<Object>> byName(String eventName, ReadConsistency consistency) {
        if (!tables.hasEventsByName()) {
            throw new UnsupportedOperationException(("events by name need the by-name index, and the tables %s were "
                            + "configured without it: create them with TableNames.withEventsByName(shards) (DynamoDbModule: "
                            + "tables(TableNames.withPrefix(...).withEventsByName(4)))")
                    .formatted(tables.eventsTable()));
        }
        List<Iterator<Map<String, AttributeValue>>> shards = new ArrayList<>();
        for (int shard = 0; shard < tables.eventsByNameShards(); shard++) {
            QueryRequest query = QueryRequest.builder()
                    .tableName(tables.eventsTable())
                    .indexName(events.byNameIndex())
                    .keyConditionExpression("#n = :n")
                    .expressionAttributeNames(Map.of("#n", events.byName()))
                    .expressionAttributeValues(
                            Map.of(":n", AttributeValue.fromS(EventItems.byNameKey(eventName, shard))))
                    .limit(PAGE_SIZE)
                    .build();
            shards.add(ReadFailures.guardPages(
                            tables.eventsTable(),
                            () -> "the events named " + eventName,
                            client.queryPaginator(query).items())
                    .iterator());
        }
        prefetch(shards);
        Iterator<Map<String, AttributeValue>> keys = new MergedByEventId(shards, events);
        String where = "event named " + eventName;
        return BatchedGets.of(
                        client,
                        tables.eventsTable(),
                        events,
                        keys,
                        consistency == ReadConsistency.STRONG,
                        retryPolicy,
                        "the by-name index")
                .map(item -> codec.decode(EventItems.fromItem(item, where)));
    }

    /** Fetches every shard's first page at once (virtual threads), so that a listing waits for one round trip. */
    private static void prefetch(List<Iterator<Map<String, AttributeValue>>> shards) {
        if (shards.size() == 1) {
            return;
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> pages =
                    shards.stream().map(shard -> pool.submit(shard::hasNext)).toList();
            for (Future<Boolean> page : pages) {
                try {
                    page.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException failure
                            ? failure
                            : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the by-name index", e);
                }
            }
        }
    }

    /** The shards' keys, each in event id order, merged into one event id order. */
    private static final class MergedByEventId implements Iterator<Map<String, AttributeValue>> {
        private final PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::eventId));
        private final EventItems names;

        private record Head(
                String eventId, Map<String, AttributeValue> key, Iterator<Map<String, AttributeValue>> rest) {}

        MergedByEventId(List<Iterator<Map<String, AttributeValue>>> shards, EventItems names) {
            this.names = names;
            shards.forEach(this::advance);
        }

        private void advance(Iterator<Map<String, AttributeValue>> shard) {
            if (shard.hasNext()) {
                Map<String, AttributeValue> indexed = shard.next();
                heads.add(new Head(
                        EventItems.s(indexed, names.eventId(), "the by-name index"),
                        Map.of(
                                names.streamId(),
                                indexed.get(names.streamId()),
                                names.version(),
                                indexed.get(names.version())),
                        shard));
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public Map<String, AttributeValue> next() {
            Head head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            advance(head.rest());
            return head.key();
        }
    }
}
