package dev.escqrs.testkit.internal;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.idempotency.IdempotencyRecord;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The model of what must follow from a {@link CommandHistory}: the versions and events acknowledged per aggregate and
 * the commands whose outcome is unknown, and the invariants the store must keep against them. The history guards it.
 */
final class HistoryModel {
    private final Map<String, Long> acknowledgedVersions = new LinkedHashMap<>();
    private final Set<String> acknowledgedEventIds = new HashSet<>();
    private final Map<String, Integer> ambiguous = new LinkedHashMap<>();

    boolean exists(String id) {
        return acknowledgedVersions.containsKey(id) || ambiguous.containsKey(id);
    }

    /** The version {@code id} is known to be at: acknowledged, and no command on it of unknown outcome since. */
    Optional<Long> knownVersion(String id) {
        return acknowledgedVersions.containsKey(id) && !ambiguous.containsKey(id)
                ? Optional.of(acknowledgedVersions.get(id))
                : Optional.empty();
    }

    void acknowledged(String id, long version, List<? extends AggregateEvent<?>> events) {
        acknowledgedVersions.merge(id, version, Math::max);
        events.forEach(e -> acknowledgedEventIds.add(e.eventId()));
    }

    /** A command on {@code id} failed after its request may have left: its write may or may not be there. */
    void ambiguous(String id) {
        ambiguous.merge(id, 1, Integer::sum);
    }

    /** The invariants, checked against what {@code store} and {@code reader} hold now, for the aggregates {@code ids}. */
    void check(EventStore store, AggregateReader reader, List<String> ids) {
        Reducer<Event, Balance> reducer = Reducer.of(PURSE, Purse.DECIDER);
        RecordingProjection projection = new RecordingProjection();
        Projector projector = new Projector(projection, store, List.of(PURSE));
        try (Stream<AggregateEvent<Object>> all = store.allEvents(Set.of(PURSE.name()), 0, 1)) {
            projector.apply(all.toList());
        }
        for (String id : ids) {
            List<AggregateEvent<Event>> events;
            try (Stream<AggregateEvent<Event>> stream = store.events(PURSE, id)) {
                events = stream.toList();
            }
            List<String> eventIds = events.stream().map(AggregateEvent::eventId).toList();
            assertThat(eventIds).as("%s: no event twice", id).doesNotHaveDuplicates();
            assertThat(events)
                    .extracting(AggregateEvent::aggregateVersion)
                    .as("%s: versions contiguous from 1", id)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size())
                            .boxed()
                            .toList());
            long acknowledged = acknowledgedVersions.getOrDefault(id, 0L);
            int unknown = ambiguous.getOrDefault(id, 0);
            assertThat((long) events.size())
                    .as("%s: every acknowledged write is there", id)
                    .isGreaterThanOrEqualTo(acknowledged);
            long acknowledgedEvents =
                    eventIds.stream().filter(acknowledgedEventIds::contains).count();
            assertThat(events.size() - acknowledgedEvents)
                    .as(
                            "%s: writes nobody acknowledged are at most the %d commands " + "whose outcome was unknown",
                            id, unknown)
                    .isLessThanOrEqualTo(unknown);
            assertThat(events.stream()
                            .flatMap(e -> e.metadata().idempotencyRecord().stream())
                            .map(IdempotencyRecord::keyHash)
                            .toList())
                    .as("%s: no idempotency key applied twice", id)
                    .doesNotHaveDuplicates();
            Optional<Aggregate<Balance>> row = reader.read(PURSE, id);
            Optional<Aggregate<Balance>> fold = reducer.fold(Optional.empty(), events);
            assertThat(row.map(Aggregate::meta))
                    .as("%s: the row is the fold of its events", id)
                    .isEqualTo(fold.map(Aggregate::meta));
            assertThat(row.map(a -> a.state().balance().stripTrailingZeros()))
                    .isEqualTo(fold.map(a -> a.state().balance().stripTrailingZeros()));
            assertThat(projection.events(PURSE.name(), id))
                    .extracting(AggregateEvent::eventId)
                    .as("%s: a projection of the log holds the same", id)
                    .containsExactlyElementsOf(eventIds);
        }
        assertThat(acknowledgedEventIds.stream()
                        .filter(e -> !allEventIds(store).contains(e))
                        .toList())
                .as("acknowledged events missing from the log")
                .isEmpty();
        assertThat(projection.breaches()).isEmpty();
    }

    private static Set<String> allEventIds(EventStore store) {
        Set<String> all = new HashSet<>();
        try (Stream<AggregateEvent<Object>> events = store.allEvents(Set.of(PURSE.name()), 0, 1)) {
            events.forEach(e -> all.add(e.eventId()));
        }
        return all;
    }
}
