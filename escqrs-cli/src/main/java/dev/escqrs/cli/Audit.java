package dev.escqrs.cli;

import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.StateItems;
import dev.escqrs.dynamodb.internal.StorageMarkers;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Does every aggregate's row equal the fold of its events? A parallel {@code Scan} of the events table (keys and event
 * ids only) gives each stream's event count, last version and last event id; a parallel {@code Scan} of each aggregate
 * table (of every type the events name, and every registered one) compares each row with that: its version, its last
 * event id and, for a type with a registered decider, the whole row with the one the fold of the events gives.
 *
 * <p>The scans are not a snapshot, so a command that runs meanwhile can look like a disagreement: every one found is
 * checked again with consistent reads of that aggregate's row and events, and only what still disagrees is reported.
 * A type in one-item mode has no rows: its newest event's state (one {@code Query} per aggregate) stands in for the
 * row, and is compared the same way.
 * The events scan keeps one small entry per aggregate in memory (a few hundred bytes). How a row and its events are
 * compared is {@link RowComparison}'s; the threads the reads run on are a {@link ReadPool}.
 */
final class Audit implements AutoCloseable {
    private final DynamoDbClient client;
    private final TableNames tables;
    private final Application application;
    private final DynamoDbEventStore store;
    private final EventItems events;
    private final AggregateItems rows;
    private final RowComparison comparison;
    private final ReadPool pool;

    Audit(DynamoDbClient client, TableNames tables, Application application, int segments) {
        this.client = client;
        this.tables = tables;
        this.application = application;
        this.store = new DynamoDbEventStore(client, tables, application.codec());
        this.events = EventItems.of(tables.layout());
        this.rows = AggregateItems.of(tables.layout());
        this.comparison = new RowComparison(application, store, rows);
        this.pool = new ReadPool(client, segments);
    }

    DynamoDbEventStore store() {
        return store;
    }

    /** What a run saw: how many aggregates of which types, and the ones that disagree, by type and id. */
    record Result(long aggregates, Set<String> types, List<Finding> findings) {}

    Result run() {
        Map<String, EventsSummary> streams = scanEvents();
        Set<String> types = new TreeSet<>(application.aggregates().keySet());
        streams.keySet().forEach(streamId -> types.add(StreamIds.aggregateName(streamId)));
        AtomicLong aggregates = new AtomicLong();
        ConcurrentLinkedQueue<Finding> candidates = new ConcurrentLinkedQueue<>();
        Set<String> missingTables = new TreeSet<>();
        for (String type : types) {
            // one-item mode: the state is on each aggregate's newest event, read per aggregate below, not in rows
            if (tables.storage(type) == StorageMode.TWO_ITEM && !scanRows(type, streams, aggregates, candidates::add)) {
                missingTables.add(type);
            }
        }
        List<Finding> findings = new ArrayList<>();
        List<Callable<Optional<Finding>>> oneItem = new ArrayList<>();
        streams.forEach((streamId, summary) -> {
            aggregates.incrementAndGet();
            String type = StreamIds.aggregateName(streamId);
            String id = StreamIds.aggregateId(streamId);
            if (tables.storage(type) == StorageMode.ONE_ITEM) {
                oneItem.add(() -> comparison.compare(type, id, stateRow(type, id), Optional.of(summary)));
            } else if (missingTables.contains(type)) {
                findings.add(new Finding(
                        type,
                        id,
                        OptionalLong.empty(),
                        OptionalLong.of(summary.lastVersion()),
                        Disagreement.ROW_MISSING,
                        "%s and no row: the table %s does not exist (create it, then repair)"
                                .formatted(RowComparison.count(summary.count()), tables.aggregateTable(type))));
            } else {
                comparison
                        .compare(type, id, Optional.empty(), Optional.of(summary))
                        .ifPresent(candidates::add);
            }
        });
        pool.all(oneItem).forEach(found -> found.ifPresent(candidates::add));
        findings.addAll(pool
                .all(candidates.stream()
                        .<Callable<Optional<Finding>>>map(
                                candidate -> () -> recheck(candidate.aggregateName(), candidate.aggregateId()))
                        .toList())
                .stream()
                .flatMap(Optional::stream)
                .toList());
        findings.sort(Comparator.comparing(Finding::aggregateName).thenComparing(Finding::aggregateId));
        return new Result(aggregates.get(), types, List.copyOf(findings));
    }

    /** The aggregate checked again with consistent reads of its row and all its events' keys. */
    Optional<Finding> recheck(String type, String id) {
        Map<String, AttributeValue> row = tables.storage(type) == StorageMode.ONE_ITEM
                ? stateRow(type, id).orElse(null)
                : client.getItem(b -> b.tableName(tables.aggregateTable(type))
                                .key(rows.key(id))
                                .consistentRead(true))
                        .item();
        EventsSummary summary = null;
        var pages = client.queryPaginator(b -> b.tableName(tables.eventsTable())
                .consistentRead(true)
                .keyConditionExpression("#s = :s")
                .projectionExpression("#v, #e")
                .expressionAttributeNames(
                        Map.of("#s", events.streamId(), "#v", events.version(), "#e", events.eventId()))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(StreamIds.of(type, id)))));
        for (Map<String, AttributeValue> item : pages.items()) {
            Optional<EventsSummary> one = EventsSummary.of(item, events);
            if (one.isPresent()) {
                summary = summary == null ? one.get() : summary.plus(one.get());
            }
        }
        return comparison.compare(
                type,
                id,
                row == null || row.isEmpty() ? Optional.empty() : Optional.of(row),
                Optional.ofNullable(summary));
    }

    /**
     * What serves as the row of {@code type} {@code id} in one-item mode, in the row's layout: the state on its newest
     * event (for a type without a registered decider, its version and event id only), or when that event carries none
     * (written in two-item mode) the row itself, as the store reads it.
     */
    Optional<Map<String, AttributeValue>> stateRow(String type, String id) {
        List<Map<String, AttributeValue>> newest = client.query(b -> b.tableName(tables.eventsTable())
                        .consistentRead(true)
                        .keyConditionExpression("#s = :s")
                        .scanIndexForward(false)
                        .limit(1)
                        .expressionAttributeNames(Map.of("#s", events.streamId()))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(StreamIds.of(type, id)))))
                .items();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> event = newest.getFirst();
        if (!StateItems.carriesState(event)) {
            Map<String, AttributeValue> row = client.getItem(b -> b.tableName(tables.aggregateTable(type))
                            .key(rows.key(id))
                            .consistentRead(true))
                    .item();
            return row == null || row.isEmpty() ? Optional.empty() : Optional.of(row);
        }
        Optional<Map<String, AttributeValue>> full =
                application.aggregate(type).flatMap(registered -> registered.stateRow(store, rows, event));
        return Optional.of(full.orElseGet(() -> Map.of(
                rows.id(),
                AttributeValue.fromS(id),
                rows.version(),
                event.get(events.version()),
                rows.lastEventId(),
                event.get(events.eventId()))));
    }

    private Map<String, EventsSummary> scanEvents() {
        Map<String, EventsSummary> streams = new ConcurrentHashMap<>();
        ScanRequest request = ScanRequest.builder()
                .tableName(tables.eventsTable())
                .consistentRead(true)
                .projectionExpression("#s, #v, #e")
                .expressionAttributeNames(
                        Map.of("#s", events.streamId(), "#v", events.version(), "#e", events.eventId()))
                .build();
        pool.scan(request, item -> {
            AttributeValue streamId = item.get(events.streamId());
            if (streamId != null && streamId.s() != null && streamId.s().contains("#")) {
                EventsSummary.of(item, events)
                        .ifPresent(event -> streams.merge(streamId.s(), event, EventsSummary::plus));
            }
        });
        return streams;
    }

    /** Compares every row of {@code type} with its events, taking them out of {@code streams}; false: no table. */
    private boolean scanRows(
            String type, Map<String, EventsSummary> streams, AtomicLong aggregates, Consumer<Finding> found) {
        ScanRequest.Builder request =
                ScanRequest.builder().tableName(tables.aggregateTable(type)).consistentRead(true);
        if (application.aggregate(type).isEmpty()) {
            request.projectionExpression("#id, #v, #e")
                    .expressionAttributeNames(Map.of("#id", rows.id(), "#v", rows.version(), "#e", rows.lastEventId()));
        }
        try {
            pool.scan(request.build(), row -> {
                AttributeValue id = row.get(rows.id());
                if (id == null || id.s() == null || StorageMarkers.isMarker(id.s())) {
                    return; // not a row of escqrs's, or the type's one-item marker
                }
                aggregates.incrementAndGet();
                Optional<EventsSummary> summary = Optional.ofNullable(streams.remove(StreamIds.of(type, id.s())));
                comparison.compare(type, id.s(), Optional.of(row), summary).ifPresent(found);
            });
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
