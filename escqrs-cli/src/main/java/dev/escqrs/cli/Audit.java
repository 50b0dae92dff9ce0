package dev.escqrs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.SerializationException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The events scan keeps one small entry per aggregate in memory (a few hundred bytes).
 */
final class Audit implements AutoCloseable {
    private final DynamoDbClient client;
    private final TableNames tables;
    private final Application application;
    private final int segments;
    private final DynamoDbEventStore store;
    private final EventItems events;
    private final AggregateItems rows;
    private final ExecutorService pool;

    Audit(DynamoDbClient client, TableNames tables, Application application, int segments) {
        this.client = client;
        this.tables = tables;
        this.application = application;
        this.segments = segments;
        this.store = new DynamoDbEventStore(client, tables, application.codec());
        this.events = EventItems.of(tables.layout());
        this.rows = AggregateItems.of(tables.layout());
        this.pool = Executors.newFixedThreadPool(segments, runnable -> {
            Thread thread = new Thread(runnable, "escqrs-verify");
            thread.setDaemon(true);
            return thread;
        });
    }

    DynamoDbEventStore store() {
        return store;
    }

    /** What a run saw: how many aggregates of which types, and the ones that disagree, by type and id. */
    record Result(long aggregates, Set<String> types, List<Finding> findings) {}

    /** An aggregate's events as the scan saw them: how many, and the last one's version and id. */
    record EventsSummary(long count, long lastVersion, String lastEventId) {
        static EventsSummary of(long version, String eventId) {
            return new EventsSummary(1, version, eventId);
        }

        EventsSummary plus(EventsSummary other) {
            EventsSummary last = other.lastVersion > lastVersion ? other : this;
            return new EventsSummary(count + other.count, last.lastVersion, last.lastEventId);
        }
    }

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
                oneItem.add(() -> evaluate(type, id, stateRow(type, id), Optional.of(summary)));
            } else if (missingTables.contains(type)) {
                findings.add(new Finding(
                        type,
                        id,
                        OptionalLong.empty(),
                        OptionalLong.of(summary.lastVersion()),
                        Disagreement.ROW_MISSING,
                        "%s and no row: the table %s does not exist (create it, then repair)"
                                .formatted(count(summary.count()), tables.aggregateTable(type))));
            } else {
                evaluate(type, id, Optional.empty(), Optional.of(summary)).ifPresent(candidates::add);
            }
        });
        parallel(oneItem).forEach(found -> found.ifPresent(candidates::add));
        findings.addAll(parallel(candidates.stream()
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
            Optional<EventsSummary> one = eventOf(item);
            if (one.isPresent()) {
                summary = summary == null ? one.get() : summary.plus(one.get());
            }
        }
        return evaluate(
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
        scan(request, item -> {
            AttributeValue streamId = item.get(events.streamId());
            if (streamId != null && streamId.s() != null && streamId.s().contains("#")) {
                eventOf(item).ifPresent(event -> streams.merge(streamId.s(), event, EventsSummary::plus));
            }
        });
        return streams;
    }

    private Optional<EventsSummary> eventOf(Map<String, AttributeValue> item) {
        AttributeValue version = item.get(events.version());
        AttributeValue eventId = item.get(events.eventId());
        if (version == null || version.n() == null) {
            return Optional.empty();
        }
        return Optional.of(EventsSummary.of(Long.parseLong(version.n()), eventId == null ? "" : eventId.s()));
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
            scan(request.build(), row -> {
                AttributeValue id = row.get(rows.id());
                if (id == null || id.s() == null || StorageMarkers.isMarker(id.s())) {
                    return; // not a row of escqrs's, or the type's one-item marker
                }
                aggregates.incrementAndGet();
                Optional<EventsSummary> summary = Optional.ofNullable(streams.remove(StreamIds.of(type, id.s())));
                evaluate(type, id.s(), Optional.of(row), summary).ifPresent(found);
            });
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** Every segment of {@code request} in parallel, each item handed to {@code each} (from several threads). */
    private void scan(ScanRequest request, Consumer<Map<String, AttributeValue>> each) {
        List<Callable<Optional<Finding>>> parts = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            ScanRequest part =
                    request.toBuilder().segment(segment).totalSegments(segments).build();
            parts.add(() -> {
                client.scanPaginator(part).items().forEach(each);
                return Optional.empty();
            });
        }
        parallel(parts);
    }

    private <T> List<T> parallel(List<Callable<T>> tasks) {
        List<T> results = new ArrayList<>(tasks.size());
        try {
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EscqrsException("verify was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EscqrsException("verify failed: " + e.getCause(), e.getCause());
        }
        return results;
    }

    /** How the row and the events of one aggregate disagree, if they do. */
    Optional<Finding> evaluate(
            String type, String id, Optional<Map<String, AttributeValue>> row, Optional<EventsSummary> summary) {
        OptionalLong last = summary.map(s -> OptionalLong.of(s.lastVersion())).orElse(OptionalLong.empty());
        if (summary.isPresent() && summary.get().count() != summary.get().lastVersion()) {
            return Optional.of(new Finding(
                    type,
                    id,
                    row.flatMap(this::version).map(OptionalLong::of).orElse(OptionalLong.empty()),
                    last,
                    Disagreement.EVENTS_HAVE_GAP,
                    ("%d events are stored but the "
                                    + "last is version %d: versions are missing in between, and no fold can pass them (restore the "
                                    + "events table to a later time)")
                            .formatted(summary.get().count(), summary.get().lastVersion())));
        }
        if (row.isEmpty()) {
            return summary.map(s -> new Finding(
                    type, id, OptionalLong.empty(), last, Disagreement.ROW_MISSING, count(s.count()) + " and no row"));
        }
        Optional<Long> version = version(row.get());
        if (version.isEmpty()) {
            return Optional.of(new Finding(
                    type,
                    id,
                    OptionalLong.empty(),
                    last,
                    summary.isPresent() ? Disagreement.ROW_UNREADABLE : Disagreement.NO_EVENTS,
                    "the row has no readable version (attribute '%s')".formatted(rows.version())));
        }
        long rowVersion = version.get();
        OptionalLong at = OptionalLong.of(rowVersion);
        if (summary.isEmpty()) {
            return Optional.of(new Finding(
                    type,
                    id,
                    at,
                    last,
                    Disagreement.NO_EVENTS,
                    ("the row is at version %d but no "
                                    + "event is stored: nothing to rebuild it from (restore the events table to a later time, or "
                                    + "delete the row if the aggregate should not exist)")
                            .formatted(rowVersion)));
        }
        EventsSummary events = summary.get();
        if (rowVersion > events.lastVersion()) {
            return Optional.of(new Finding(
                    type,
                    id,
                    at,
                    last,
                    Disagreement.ROW_AHEAD,
                    ("the row is at version %d but the "
                                    + "events end at version %d: %s not in the events table (restore it to a later time; a rewrite "
                                    + "from the events would lose them)")
                            .formatted(
                                    rowVersion,
                                    events.lastVersion(),
                                    range(events.lastVersion() + 1, rowVersion)
                                            + (rowVersion - events.lastVersion() > 1 ? " are" : " is"))));
        }
        if (rowVersion < events.lastVersion()) {
            return Optional.of(new Finding(
                    type,
                    id,
                    at,
                    last,
                    Disagreement.ROW_BEHIND,
                    "the row lacks " + range(rowVersion + 1, events.lastVersion())));
        }
        String rowLastEvent = Optional.ofNullable(row.get().get(rows.lastEventId()))
                .map(AttributeValue::s)
                .orElse("");
        if (!rowLastEvent.equals(events.lastEventId())) {
            return Optional.of(new Finding(
                    type,
                    id,
                    at,
                    last,
                    Disagreement.LAST_EVENT_DIFFERS,
                    ("the row was written " + "with event '%s', the event at version %d is '%s'")
                            .formatted(rowLastEvent, rowVersion, events.lastEventId())));
        }
        return application.aggregate(type).flatMap(registered -> stateDiffers(registered, type, id, row.get(), at));
    }

    private Optional<Finding> stateDiffers(
            Registered<?, ?, ?> registered, String type, String id, Map<String, AttributeValue> row, OptionalLong at) {
        Map<String, AttributeValue> folded;
        try {
            Optional<Map<String, AttributeValue>> fold = registered.foldedRow(store, rows, id);
            if (fold.isEmpty()) {
                return Optional.empty(); // the events went away since the scan: the recheck sees it
            }
            folded = fold.get();
        } catch (RuntimeException e) {
            return Optional.of(new Finding(
                    type, id, at, at, Disagreement.FOLD_FAILED, "the events cannot be folded: " + e.getMessage()));
        }
        List<String> differences = differences(folded, row, registered);
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                type,
                id,
                at,
                at,
                Disagreement.STATE_DIFFERS,
                "the row differs from the fold of its events in " + String.join(", ", differences)));
    }

    /**
     * The attributes (and state fields, as {@code d.field}) whose values differ. The states are compared as the codec
     * decodes them, so encrypted personal data is compared by value.
     */
    private List<String> differences(
            Map<String, AttributeValue> expected, Map<String, AttributeValue> actual, Registered<?, ?, ?> registered) {
        List<String> names = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            AttributeValue want = expected.get(key);
            AttributeValue have = actual.get(key);
            if (Objects.equals(want, have)) {
                continue;
            }
            Optional<JsonNode> wantState = key.equals(rows.state()) && want != null && want.hasM()
                    ? registered.plainState(store, rows, expected)
                    : Optional.empty();
            Optional<JsonNode> haveState = key.equals(rows.state()) && have != null && have.hasM()
                    ? registered.plainState(store, rows, actual)
                    : Optional.empty();
            if (wantState.isPresent() && haveState.isPresent()) {
                Set<String> fields = new TreeSet<>();
                wantState.get().fieldNames().forEachRemaining(fields::add);
                haveState.get().fieldNames().forEachRemaining(fields::add);
                fields.stream()
                        .filter(f -> !Objects.equals(
                                wantState.get().get(f), haveState.get().get(f)))
                        .forEach(f -> names.add(key + "." + f));
            } else if (key.equals(rows.state()) && want != null && have != null && want.hasM() && have.hasM()) {
                Set<String> fields = new TreeSet<>(want.m().keySet());
                fields.addAll(have.m().keySet());
                fields.stream()
                        .filter(f -> !Objects.equals(want.m().get(f), have.m().get(f)))
                        .forEach(f -> names.add(key + "." + f));
            } else {
                names.add(key);
            }
        }
        return names;
    }

    /** {@code 1 event} or {@code 3 events}. */
    private static String count(long events) {
        return events == 1 ? "1 event" : events + " events";
    }

    /** {@code event 3} or {@code events 3 to 5}. */
    private static String range(long from, long to) {
        return from == to ? "event " + from : "events %d to %d".formatted(from, to);
    }

    private Optional<Long> version(Map<String, AttributeValue> row) {
        try {
            return Optional.of(rows.version(row, "row"));
        } catch (SerializationException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
