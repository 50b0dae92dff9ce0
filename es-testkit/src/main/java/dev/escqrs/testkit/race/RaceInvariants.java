package dev.escqrs.testkit.race;

import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.testkit.contract.FeedReader;
import dev.escqrs.testkit.internal.Tally;
import dev.escqrs.testkit.store.Stores;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What {@link RaceChecker} checks after a race, per aggregate: versions 1..n with no gap, the stored aggregate the fold
 * of its events, every acknowledged command's event stored exactly once, no rejected command's event stored, and the
 * change feed delivering every event at least once, each aggregate's in version order.
 */
final class RaceInvariants {
    private RaceInvariants() {}

    /**
     * Checks every invariant (AssertJ) on what {@code stores} hold for the tallies {@code ids}, after commands whose
     * tokens were {@code acknowledged} or {@code rejected} and those that failed otherwise ({@code unexpected}), and
     * returns each tally's version.
     */
    static Map<String, Long> check(
            Stores stores,
            List<String> ids,
            Set<String> acknowledged,
            Set<String> rejected,
            Map<String, String> unexpected,
            long seed) {
        assertThat(unexpected)
                .as("every command either succeeded or was refused with a conflict (seed %d)", seed)
                .isEmpty();
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> stored = new HashMap<>();
        Reducer<Tally.Event, Tally.State> reducer = Reducer.of(TALLY, Tally.DECIDER);
        Set<String> allEventIds = new HashSet<>();
        for (String id : ids) {
            List<AggregateEvent<Tally.Event>> events;
            try (Stream<AggregateEvent<Tally.Event>> stream =
                    stores.eventStore().events(TALLY, id)) {
                events = stream.toList();
            }
            assertThat(events)
                    .extracting(AggregateEvent::aggregateVersion)
                    .as("%s: versions are 1..n with no gap and no repeat (seed %d)", id, seed)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, events.size()).boxed().toList());
            Optional<Aggregate<Tally.State>> folded = reducer.fold(Optional.empty(), events);
            assertThat(stores.reader().read(TALLY, id))
                    .as("%s: the stored aggregate is the fold of its events", id)
                    .isEqualTo(folded);
            versions.put(id, (long) events.size());
            events.stream()
                    .filter(e -> e.payload() instanceof Tally.Marked)
                    .forEach(e -> stored.merge(((Tally.Marked) e.payload()).token(), 1L, Long::sum));
            events.forEach(e -> allEventIds.add(e.eventId()));
        }
        assertThat(stored.keySet())
                .as("every acknowledged command's event is stored (seed %d)", seed)
                .containsAll(acknowledged);
        assertThat(stored)
                .as("each exactly once")
                .allSatisfy((token, count) -> assertThat(count).as(token).isEqualTo(1));
        assertThat(rejected).as("no rejected command's event is stored").noneMatch(stored::containsKey);
        assertThat(stored.size()).isEqualTo(acknowledged.size());
        FeedReader.Progress feed = FeedReader.readUntil(stores.feed(), Checkpoint.START, allEventIds, 1_000);
        FeedReader.assertPerAggregateOrder(feed.events(), Map.of());
        return versions;
    }
}
