package dev.escqrs.spring.boot;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbClients;
import dev.escqrs.dynamodb.DynamoDbDataKeys;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbLeases;
import dev.escqrs.dynamodb.DynamoDbParking;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.table.TableNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code escqrs.store=dynamodb}: the DynamoDB store, change feed and checkpoints on the tables of
 * {@code escqrs.dynamodb.table-prefix}, with clients built by {@link DynamoDbClients} from the
 * {@code escqrs.dynamodb.*} properties (their requests reported to every {@link RequestObserver} bean: the meters, the
 * traces, the application's own); the table names and the clients are the beans of
 * {@code EscqrsDynamoDbClientsConfiguration}, which it imports. An application that declares its own
 * {@link DynamoDbClient} or {@link TableNames} bean gets it used instead.
 */
@AutoConfiguration(after = {EscqrsMetricsAutoConfiguration.class, EscqrsTracingAutoConfiguration.class})
@ConditionalOnProperty(name = "escqrs.store", havingValue = "dynamodb")
@Import(EscqrsDynamoDbClientsConfiguration.class)
public class EscqrsDynamoDbAutoConfiguration {
    /** The tables, created first when {@code escqrs.dynamodb.create-tables} is true. */
    @Bean
    @ConditionalOnMissingBean
    DynamoDbTables escqrsDynamoDbTables(
            DynamoDbClient client,
            TableNames names,
            EscqrsProperties properties,
            ObjectProvider<EscqrsAggregate<?, ?, ?>> aggregates) {
        DynamoDbTables tables = new DynamoDbTables(client, names);
        if (properties.getDynamodb().isCreateTables()) {
            List<String> types =
                    aggregates.orderedStream().map(a -> a.type().name()).toList();
            tables.createTables(types);
            if (usesIndex(properties)) {
                tables.createIndexTable();
            }
            if (properties.getDynamodb().getKmsKeyId() != null) {
                tables.createKeysTable();
            }
        }
        return tables;
    }

    /**
     * The data keys of personal data, in the keys table wrapped by {@code escqrs.dynamodb.kms-key-id}, behind a cache
     * of five minutes: the codec uses them.
     */
    @Bean
    @ConditionalOnMissingBean(DataKeys.class)
    @ConditionalOnProperty(name = "escqrs.dynamodb.kms-key-id")
    DataKeys escqrsDataKeys(DynamoDbClient client, KmsClient kms, TableNames names, EscqrsProperties properties) {
        return DynamoDbDataKeys.builder(
                        client, kms, names, properties.getDynamodb().getKmsKeyId())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean(EventStore.class)
    DynamoDbEventStore escqrsDynamoDbStore(
            DynamoDbClient client, TableNames names, DynamoDbTables created, JsonCodec codec) {
        return new DynamoDbEventStore(client, names, codec);
    }

    /**
     * One feed for every runner, so it decodes under {@code PARK} when any runner here parks (a reaction, or a spec
     * under {@code PARK}): an event it cannot decode then parks its aggregate in those runners, and stops the runners
     * under {@code STOP} as before. Otherwise it decodes under {@code STOP}, the default.
     */
    @Bean
    @ConditionalOnMissingBean(ChangeFeed.class)
    @ConditionalOnProperty(name = "escqrs.dynamodb.feed", havingValue = "stream", matchIfMissing = true)
    DynamoDbChangeFeed escqrsDynamoDbChangeFeed(
            DynamoDbClient client,
            DynamoDbStreamsClient streams,
            TableNames names,
            DynamoDbTables created,
            JsonCodec codec,
            ObjectProvider<ProjectionSpec> specs,
            ObjectProvider<EscqrsReaction> reactions) {
        return new DynamoDbChangeFeed(client, streams, names, codec, feedPolicy(specs, reactions));
    }

    /** The one feed's policy: {@code PARK} when any runner here parks (a reaction, a spec under PARK), else STOP. */
    private static BadRecords feedPolicy(
            ObjectProvider<ProjectionSpec> specs, ObjectProvider<EscqrsReaction> reactions) {
        boolean parks = reactions.stream().findAny().isPresent()
                || specs.stream().anyMatch(spec -> spec.badRecords() == BadRecords.PARK);
        return parks ? BadRecords.PARK : BadRecords.STOP;
    }

    /** With {@code escqrs.dynamodb.feed=index}: the runners read the change-feed index instead of the Stream. */
    @Bean
    @ConditionalOnMissingBean(ChangeFeed.class)
    @ConditionalOnProperty(name = "escqrs.dynamodb.feed", havingValue = "index")
    DynamoDbIndexFeed escqrsDynamoDbIndexFeed(
            DynamoDbClient client,
            TableNames names,
            DynamoDbTables created,
            JsonCodec codec,
            ObjectProvider<ProjectionSpec> specs,
            ObjectProvider<EscqrsReaction> reactions) {
        return new DynamoDbIndexFeed(client, names, codec, feedPolicy(specs, reactions), Set.of());
    }

    /** Leases of durable projections, reactions and the indexer: items of the checkpoint table. */
    @Bean
    @ConditionalOnMissingBean(Leases.class)
    DynamoDbLeases escqrsDynamoDbLeases(DynamoDbClient client, TableNames names, DynamoDbTables created) {
        return new DynamoDbLeases(client, names);
    }

    /**
     * With {@code escqrs.dynamodb.indexer.enabled}: the indexer runs here, started and stopped with the context,
     * under the lease {@code escqrs-indexer} so that of several replicas one reads the Stream.
     */
    @Bean
    @ConditionalOnProperty(name = "escqrs.dynamodb.indexer.enabled", havingValue = "true")
    EscqrsIndexer escqrsIndexer(
            DynamoDbClient client,
            DynamoDbStreamsClient streams,
            TableNames names,
            DynamoDbTables created,
            Leases leases,
            EscqrsProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        EscqrsProperties.Lease lease = properties.getProjections().getLease();
        EscqrsIndexer indexer = new EscqrsIndexer(DynamoDbIndexer.builder(client, streams, names)
                .pollInterval(properties.getProjections().getPollInterval())
                .lease(leases, ReplicaName.of(lease.getHolder()), lease.getDuration())
                .build());
        registry.ifAvailable(indexer::measure);
        return indexer;
    }

    private static boolean usesIndex(EscqrsProperties properties) {
        return properties.getDynamodb().getFeed() == EscqrsDynamoDbProperties.Feed.INDEX
                || properties.getDynamodb().getIndexer().isEnabled();
    }

    @Bean
    @ConditionalOnMissingBean(Checkpoints.class)
    DynamoDbCheckpoints escqrsDynamoDbCheckpoints(DynamoDbClient client, TableNames names, DynamoDbTables created) {
        return new DynamoDbCheckpoints(client, names);
    }

    /**
     * The ledger of each reaction in a table of its own, PREFIX + the reaction's name, created first when
     * {@code escqrs.dynamodb.create-tables} is true. A name that is another table's (an aggregate's, "events",
     * "checkpoints") is refused: the ledger would write into that table.
     */
    @Bean
    @ConditionalOnMissingBean(ReactionLedgers.class)
    ReactionLedgers escqrsDynamoDbReactionLedgers(
            DynamoDbClient client,
            TableNames names,
            EscqrsProperties properties,
            ObjectProvider<EscqrsAggregate<?, ?, ?>> aggregates) {
        String prefix = names.aggregateTablePrefix();
        boolean create = properties.getDynamodb().isCreateTables();
        return name -> {
            String table = prefix + name;
            List<String> taken = new ArrayList<>(List.of(names.eventsTable(), names.checkpointsTable()));
            aggregates.orderedStream().forEach(a -> taken.add(names.aggregateTable(a.type())));
            if (taken.contains(table)) {
                throw new EscqrsConfigurationException(
                        ("reaction %s would keep its ledger in table %s, which is "
                                        + "already the table of the events, the checkpoints or an aggregate")
                                .formatted(name, table),
                        "rename the reaction (its EscqrsReaction bean) before it first runs");
            }
            if (create) {
                DynamoDbReactionLedger.createTable(client, table);
            }
            return new DynamoDbReactionLedger(client, table);
        };
    }

    /** Parked aggregates of runners under {@code BadRecords.PARK}, in the checkpoint table. */
    @Bean
    @ConditionalOnMissingBean(Parking.class)
    DynamoDbParking escqrsDynamoDbParking(DynamoDbClient client, TableNames names, DynamoDbTables created) {
        return new DynamoDbParking(client, names);
    }
}
