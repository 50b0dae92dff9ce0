package dev.escqrs.spring.boot;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.command.CommandTracer;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.ProjectionTracer;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.micrometer.EscqrsMeters;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * escqrs on Spring Boot: the codec of the application's {@link EscqrsAggregate} beans, their {@link CommandHandlers},
 * the reactor of each {@link EscqrsReaction} bean ({@link EscqrsReactions}), and a runner for each
 * {@link ProjectionSpec} bean and each reactor ({@link EscqrsProjections}). The store comes from
 * {@code escqrs.store} ({@link EscqrsMemoryStoreAutoConfiguration}, {@link EscqrsDynamoDbAutoConfiguration}); every
 * bean here backs off when the application declares its own.
 */
@AutoConfiguration(
        after = {
            EscqrsMemoryStoreAutoConfiguration.class,
            EscqrsDynamoDbAutoConfiguration.class,
            EscqrsMetricsAutoConfiguration.class,
            EscqrsTracingAutoConfiguration.class
        })
@EnableConfigurationProperties(EscqrsProperties.class)
public class EscqrsAutoConfiguration {
    /** Refuses an unknown {@code escqrs.*} property (a typo) before any bean is made. */
    @Bean
    static EscqrsPropertyCheck escqrsPropertyCheck() {
        return new EscqrsPropertyCheck();
    }

    /**
     * The events of every {@link EscqrsAggregate} bean, encrypting personal data with the {@link DataKeys} bean when
     * there is one (an application with its own codec declares it).
     */
    @Bean
    @ConditionalOnMissingBean
    JsonCodec escqrsCodec(ObjectProvider<EscqrsAggregate<?, ?, ?>> aggregates, ObjectProvider<DataKeys> keys) {
        return withKeys(
                JsonCodec.of(
                        aggregates.orderedStream().map(EscqrsAggregate::type).toArray(AggregateType<?, ?>[]::new)),
                keys);
    }

    /** {@code codec} with the application's data keys, if it has a {@link DataKeys} bean. */
    static JsonCodec withKeys(JsonCodec codec, ObjectProvider<DataKeys> keys) {
        DataKeys found = keys.getIfAvailable();
        return found == null ? codec : codec.withPersonalData(found);
    }

    /**
     * Refuses to start without a store, saying what to set: the store is where events must not be lost, so the
     * starter does not guess it.
     */
    @Bean
    @ConditionalOnMissingBean(EventStore.class)
    EventStore escqrsMissingStore(EscqrsProperties properties) {
        if (properties.getStore() == null) {
            throw new EscqrsConfigurationException(
                    "escqrs.store is not set",
                    "set escqrs.store=dynamodb (with "
                            + "escqrs.dynamodb.table-prefix) where events must be kept, or escqrs.store=memory for development "
                            + "and tests (lost when the application stops)");
        }
        throw new EscqrsConfigurationException(
                "escqrs.store=%s, but no EventStore bean was made for it".formatted(properties.getStore()),
                "check the conditions report (--debug) for why the store's "
                        + "auto-configuration did not match, or declare an EventStore bean");
    }

    @Bean
    @ConditionalOnMissingBean
    CommandHandlers escqrsCommandHandlers(
            ObjectProvider<EscqrsAggregate<?, ?, ?>> aggregates,
            EventStore store,
            AggregateReader reader,
            ObjectProvider<EscqrsMeters> meters,
            ObjectProvider<CommandTracer> tracer) {
        CommandObserver observer = meters.getIfAvailable() != null ? meters.getIfAvailable() : CommandObserver.NONE;
        return new CommandHandlers(
                aggregates.orderedStream().toList(),
                store,
                reader,
                observer,
                tracer.getIfAvailable(() -> CommandTracer.NONE));
    }

    /** The reactor of each {@link EscqrsReaction} bean, on the ledgers of the store ({@link ReactionLedgers}). */
    @Bean
    @ConditionalOnMissingBean
    EscqrsReactions escqrsReactions(
            ObjectProvider<EscqrsReaction> reactions,
            CommandHandlers handlers,
            ObjectProvider<ReactionLedgers> ledgers,
            ObjectProvider<EscqrsMeters> meters) {
        List<EscqrsReaction> declared = reactions.orderedStream().toList();
        ReactionLedgers chosen = ledgers.getIfAvailable(() -> name -> {
            throw new EscqrsConfigurationException(
                    ("reaction %s needs a ledger, and the starter makes "
                                    + "ReactionLedgers only for escqrs.store=memory or dynamodb")
                            .formatted(name),
                    "declare a ReactionLedgers bean for your own store");
        });
        EscqrsMeters meter = meters.getIfAvailable();
        return new EscqrsReactions(declared, handlers, chosen, meter != null ? meter : ReactionObserver.NONE);
    }

    /**
     * Made also with {@code escqrs.projections.enabled=false}, then not run: a bean that injects it must not stop the
     * start where the read models run on Lambda or KCL.
     */
    @Bean
    @ConditionalOnMissingBean
    EscqrsProjections escqrsProjections(
            ObjectProvider<ProjectionSpec> specs,
            EscqrsReactions reactions,
            ChangeFeed feed,
            EventStore store,
            JsonCodec codec,
            ObjectProvider<Parking> parking,
            EscqrsProperties properties,
            ObjectProvider<EscqrsMeters> meters,
            ObjectProvider<ProjectionTracer> tracer,
            ObjectProvider<Leases> leases) {
        EscqrsMeters meter = meters.getIfAvailable();
        ProjectionTracer traces = tracer.getIfAvailable(() -> ProjectionTracer.NONE);
        List<ProjectionSpec> all = new ArrayList<>(specs.orderedStream().toList());
        for (Reactor reactor : reactions.reactors()) {
            all.add(reactionSpec(reactor, store, codec, parking));
        }
        // a spec that names no tracer of its own is traced when the application traces
        List<ProjectionSpec> traced = all.stream()
                .map(spec -> traces != ProjectionTracer.NONE && spec.tracer() == ProjectionTracer.NONE
                        ? spec.withTracer(traces)
                        : spec)
                .toList();
        boolean runsHere = properties.getProjections().isEnabled();
        EscqrsProperties.Lease lease = properties.getProjections().getLease();
        EscqrsProjections projections = new EscqrsProjections(
                traced,
                feed,
                properties.getProjections().getPollInterval(),
                meter != null ? meter : ProjectionObserver.NONE,
                runsHere,
                lease.isEnabled() ? leases.getIfAvailable(Leases::inMemory) : null,
                ReplicaName.of(lease.getHolder()),
                lease.getDuration());
        if (meter != null && runsHere) {
            projections.names().forEach(name -> meter.watch(name, () -> projections.status(name)));
        }
        return projections;
    }

    /**
     * A reactor runs under {@code PARK}: an event whose commands fail for a reason sending them again cannot fix waits
     * with its aggregate, parked where an operator sees it, while every other aggregate's events flow.
     */
    private static ProjectionSpec reactionSpec(
            Reactor reactor, EventStore store, JsonCodec codec, ObjectProvider<Parking> parking) {
        Parking parked = parking.getIfAvailable(() -> {
            throw new EscqrsConfigurationException(
                    ("reaction %s runs under BadRecords.PARK and needs a durable "
                                    + "Parking; the starter makes one for escqrs.store=memory or dynamodb")
                            .formatted(reactor.name()),
                    "declare a Parking bean for your own store");
        });
        return ProjectionSpec.builder(reactor.name(), reactor)
                .aggregates(reactor.aggregates().toArray(AggregateType<?, ?>[]::new))
                .store(store)
                .codec(codec)
                .badRecords(BadRecords.PARK)
                .parking(parked)
                .build();
    }
}
