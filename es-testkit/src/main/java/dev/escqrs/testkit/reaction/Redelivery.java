package dev.escqrs.testkit.reaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ReadAggregateEvents;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.core.reaction.Reactor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The redelivery check for a reactor: every event delivered twice, shuffled across batches of random sizes (so an
 * aggregate's later event often comes before its earlier one, and repeats come in other batches), through a
 * {@link Projector} on a real store, as a stream consumer would deliver them at its worst. Then each command must have
 * taken effect once: the reactor sent (or had refused) exactly the commands the reaction calls for, once per event,
 * with no duplicate and no failure. The caller checks the domain's side (counts, balances) against the store.
 *
 * <pre>{@code
 * Redelivery.deliverTwiceOutOfOrder(reactor, store, publishedEvents, 42);
 * assertThat(authors.read("alice").orElseThrow().state().publishedPosts()).isEqualTo(2);
 * }</pre>
 */
public final class Redelivery {
    private Redelivery() {}

    /**
     * Delivers {@code events} (as stored: gaps are filled from {@code store}) twice, in a random order seeded by
     * {@code seed}, and asserts each command the reaction calls for was sent once.
     *
     * @return what the reactor counted
     */
    public static Reactor.Counts deliverTwiceOutOfOrder(
            Reactor reactor, ReadAggregateEvents store, List<? extends AggregateEvent<?>> events, long seed) {
        Set<String> names = reactor.aggregates().stream().map(t -> t.name()).collect(Collectors.toSet());
        long expected = events.stream()
                .filter(e -> names.contains(e.aggregateName()))
                .mapToLong(e -> reactor.reaction().react(e).size())
                .sum();
        Reactor.Counts before = reactor.counts();
        List<AggregateEvent<?>> twice = new ArrayList<>(events);
        twice.addAll(events);
        Random random = new Random(seed);
        Collections.shuffle(twice, random);
        Projector projector = new Projector(reactor, store, reactor.aggregates());
        for (int from = 0; from < twice.size(); ) {
            int size = 1 + random.nextInt(Math.min(5, twice.size() - from));
            projector.apply(twice.subList(from, from + size));
            from += size;
        }
        Reactor.Counts after = reactor.counts();
        assertThat(after.failed() - before.failed()).as("commands that failed").isZero();
        assertThat(after.duplicates() - before.duplicates())
                .as("commands sent again")
                .isZero();
        assertThat((after.sent() - before.sent()) + (after.refused() - before.refused()))
                .as("each command the reaction calls for, sent once")
                .isEqualTo(expected);
        return after;
    }
}
