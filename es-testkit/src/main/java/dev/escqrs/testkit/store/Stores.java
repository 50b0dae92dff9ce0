package dev.escqrs.testkit.store;

import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;

import java.util.Objects;

/** The ports of one fresh store, as a {@link StoreFixture} hands them out. */
public record Stores(EventStore eventStore, AggregateReader reader, ChangeFeed feed) {
    public Stores {
        Objects.requireNonNull(eventStore, "eventStore");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(feed, "feed");
    }

    /**
     * For a store object that implements all three ports, as {@code InMemoryEventStore} does; on DynamoDB the feed is
     * a separate {@code DynamoDbChangeFeed}: use the constructor.
     */
    public static <T extends EventStore & AggregateReader & ChangeFeed> Stores of(T store) {
        return new Stores(store, store, store);
    }
}
