package dev.escqrs.testkit.internal;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A store that breaks its promises in one way, for proving that the contract suites notice: every suite run against
 * one of these must fail (es-inmemory's ContractsCanFailTest, es-dynamodb's DynamoDbContractsCanFailTest). Each wraps
 * a real store (in memory, or DynamoDB in either storage mode) and lies where {@link Lie} says. Not part of the
 * testkit's API.
 */
public final class LyingStore implements EventStore, AggregateReader, ChangeFeed {
    /** The ways a store can lie. */
    public enum Lie {
        /** Accepts every append and keeps nothing; every read is empty. */
        DOES_NOTHING,
        /** Drops every second append without a word. */
        DROPS_A_WRITE,
        /** Hands out each aggregate's events, the feed's batches and the events by name in reverse order. */
        REORDERS,
        /** Returns the first version it ever read of an aggregate, for ever. */
        STALE_READS
    }

    private final Lie lie;
    private final EventStore store;
    private final AggregateReader reader;
    private final ChangeFeed feed;
    private final AtomicInteger appends = new AtomicInteger();
    private final Map<String, Optional<?>> firstReads = new ConcurrentHashMap<>();

    private LyingStore(Lie lie, Stores real) {
        this.lie = lie;
        this.store = real.eventStore();
        this.reader = real.reader();
        this.feed = real.feed();
    }

    /** The stores of {@code real}, each lying as {@code lie} says; closing them releases the real ones. */
    public static StoreFixture fixture(Lie lie, StoreFixture real) {
        return StoreFixture.of(
                "lying %s: %s".formatted(real.name(), lie),
                codec -> {
                    Stores stores = real.create(codec);
                    LyingStore lying = new LyingStore(lie, stores);
                    return new Stores(lying, lying, lying, stores::close);
                },
                real.capabilities().toArray(StoreFixture.Capability[]::new));
    }

    @Override
    public <E, S> void append(AppendBatch<E, S> batch) {
        int n = appends.incrementAndGet();
        if (lie == Lie.DOES_NOTHING || (lie == Lie.DROPS_A_WRITE && n % 2 == 0)) {
            return;
        }
        store.append(batch);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> Optional<Aggregate<S>> read(AggregateType<?, S> type, String aggregateId) {
        if (lie == Lie.DOES_NOTHING) {
            return Optional.empty();
        }
        if (lie == Lie.STALE_READS) {
            Optional<Aggregate<S>> now = reader.read(type, aggregateId);
            if (now.isEmpty()) {
                return now;
            }
            return (Optional<Aggregate<S>>) firstReads.computeIfAbsent(type.name() + "#" + aggregateId, k -> now);
        }
        return reader.read(type, aggregateId);
    }

    @Override
    public <E> Stream<AggregateEvent<E>> events(
            AggregateType<E, ?> type, String aggregateId, long fromVersion, ReadConsistency consistency) {
        if (lie == Lie.DOES_NOTHING) {
            return Stream.empty();
        }
        return maybeReversed(store.events(type, aggregateId, fromVersion, consistency));
    }

    @Override
    public Stream<AggregateEvent<Object>> eventsByName(String eventName) {
        if (lie == Lie.DOES_NOTHING) {
            return Stream.empty();
        }
        return maybeReversed(store.eventsByName(eventName));
    }

    @Override
    public Stream<AggregateEvent<Object>> allEvents(Set<String> aggregateNames, int segment, int totalSegments) {
        if (lie == Lie.DOES_NOTHING) {
            return Stream.empty();
        }
        return maybeReversed(store.allEvents(aggregateNames, segment, totalSegments));
    }

    @Override
    public <S> boolean rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId) {
        return lie != Lie.DOES_NOTHING && store.rewrite(type, rebuilt, lastEventId);
    }

    @Override
    public FeedBatch read(Checkpoint after, int maxEvents) {
        if (lie == Lie.DOES_NOTHING) {
            return new FeedBatch(List.of(), after);
        }
        FeedBatch batch = feed.read(after, maxEvents);
        if (lie != Lie.REORDERS) {
            return batch;
        }
        List<AggregateEvent<Object>> reversed = new ArrayList<>(batch.events());
        Collections.reverse(reversed);
        return new FeedBatch(reversed, batch.checkpoint());
    }

    @Override
    public Checkpoint head() {
        return feed.head();
    }

    @Override
    public boolean keepsEveryEvent() {
        return feed.keepsEveryEvent();
    }

    private <T> Stream<T> maybeReversed(Stream<T> events) {
        if (lie != Lie.REORDERS) {
            return events;
        }
        List<T> all;
        try (events) {
            all = new ArrayList<>(events.toList());
        }
        Collections.reverse(all);
        return all.stream();
    }
}
