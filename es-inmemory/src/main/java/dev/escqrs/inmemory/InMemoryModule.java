package dev.escqrs.inmemory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;

/**
 * Binds the ports ({@link EventStore}, {@link AggregateReader}, {@link ChangeFeed}) to one
 * {@link InMemoryEventStore}, with checkpoints and {@link dev.escqrs.core.projection.Parking} in memory. The application binds the {@link JsonCodec} (its event types); install
 * {@code DynamoDbModule} instead to run on DynamoDB with no other change.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new BlogPostModule(), new InMemoryModule());
 * }</pre>
 */
// Guice is required static (a Spring application runs without it): a module that uses this one requires Guice itself
@SuppressWarnings("exports")
public final class InMemoryModule extends AbstractModule {
    public InMemoryModule() {}

    @Override
    protected void configure() {
        bind(EventStore.class).to(InMemoryEventStore.class);
        bind(AggregateReader.class).to(InMemoryEventStore.class);
        bind(ChangeFeed.class).to(InMemoryEventStore.class);
        bind(dev.escqrs.core.port.Checkpoints.class).to(InMemoryCheckpoints.class);
        bind(InMemoryCheckpoints.class).in(com.google.inject.Singleton.class);
    }

    /** Parked aggregates in memory, as the store's events are ({@link dev.escqrs.core.projection.BadRecords#PARK}). */
    @Provides
    @Singleton
    dev.escqrs.core.projection.Parking parking() {
        return dev.escqrs.core.projection.Parking.inMemory();
    }

    @Provides
    @Singleton
    InMemoryEventStore store(JsonCodec codec) {
        return new InMemoryEventStore(codec);
    }
}
