package dev.escqrs.spring.boot;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.inmemory.InMemoryCheckpoints;
import dev.escqrs.inmemory.InMemoryEventStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@code escqrs.store=memory}: one {@link InMemoryEventStore} as the event store, aggregate reader and change feed, and
 * checkpoints in memory. For development and tests: everything is lost when the application stops.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "escqrs.store", havingValue = "memory")
public class EscqrsMemoryStoreAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(EventStore.class)
    InMemoryEventStore escqrsInMemoryStore(JsonCodec codec) {
        return new InMemoryEventStore(codec);
    }

    /** The data keys of personal data, in memory as the events are (so an application with personal data runs). */
    @Bean
    @ConditionalOnMissingBean(DataKeys.class)
    DataKeys escqrsInMemoryDataKeys() {
        return DataKeys.inMemory();
    }

    @Bean
    @ConditionalOnMissingBean(Checkpoints.class)
    InMemoryCheckpoints escqrsInMemoryCheckpoints() {
        return new InMemoryCheckpoints();
    }

    /** The ledgers of the application's reactions, in memory as the store's events are. */
    @Bean
    @ConditionalOnMissingBean(ReactionLedgers.class)
    ReactionLedgers escqrsInMemoryReactionLedgers() {
        return name -> ReactionLedger.inMemory();
    }

    /** Parked aggregates of runners under {@code BadRecords.PARK}, in memory as the store's events are. */
    @Bean
    @ConditionalOnMissingBean(Parking.class)
    Parking escqrsInMemoryParking() {
        return Parking.inMemory();
    }

    /** The leases of durable projections and reactions: in memory, as the store is (one process). */
    @Bean
    @ConditionalOnMissingBean(Leases.class)
    Leases escqrsInMemoryLeases() {
        return Leases.inMemory();
    }
}
