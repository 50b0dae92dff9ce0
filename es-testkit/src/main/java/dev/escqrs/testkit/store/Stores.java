package dev.escqrs.testkit.store;

import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import java.util.Objects;

/**
 * The ports of one fresh store, as a {@link StoreFixture} hands them out, and what releases it: closing the
 * {@code Stores} closes what the fixture opened for the test (tables, clients); the contracts close it after each test.
 */
public record Stores(EventStore eventStore, AggregateReader reader, ChangeFeed feed, Runnable release)
        implements AutoCloseable {
    public Stores {
        Objects.requireNonNull(eventStore, "eventStore");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(release, "release");
    }

    /** Ports with nothing to release. */
    public Stores(EventStore eventStore, AggregateReader reader, ChangeFeed feed) {
        this(eventStore, reader, feed, () -> {});
    }

    /**
     * For a store object that implements all three ports, as {@code InMemoryEventStore} does; on DynamoDB the feed is
     * a separate {@code DynamoDbChangeFeed}: use the constructor.
     */
    public static <T extends EventStore & AggregateReader & ChangeFeed> Stores of(T store) {
        return new Stores(store, store, store);
    }

    /** The same ports, running {@code release} when closed. */
    public Stores releasing(Runnable release) {
        return new Stores(eventStore, reader, feed, release);
    }

    @Override
    public void close() {
        release.run();
    }
}
