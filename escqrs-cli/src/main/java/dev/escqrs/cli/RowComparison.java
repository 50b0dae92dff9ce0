package dev.escqrs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.internal.AggregateItems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How one aggregate's row and its events disagree, if they do: a gap in the events, a missing or unreadable row, a row
 * ahead or behind, another last event, and, for a type with a registered decider, any field other than the fold's
 * (for which it folds the aggregate's events from the store).
 */
final class RowComparison {
    private final Application application;
    private final DynamoDbEventStore store;
    private final AggregateItems rows;

    RowComparison(Application application, DynamoDbEventStore store, AggregateItems rows) {
        this.application = application;
        this.store = store;
        this.rows = rows;
    }

    /** How the row and the events of one aggregate disagree, if they do. */
    Optional<Finding> compare(
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
    static String count(long events) {
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
}
