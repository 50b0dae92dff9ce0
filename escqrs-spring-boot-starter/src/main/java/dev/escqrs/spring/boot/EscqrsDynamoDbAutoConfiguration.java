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
import dev.escqrs.dynamodb.StorageMode;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code escqrs.store=dynamodb}: the DynamoDB store, change feed and checkpoints on the tables of
 * {@code escqrs.dynamodb.table-prefix}, with clients built by {@link DynamoDbClients} from the
 * {@code escqrs.dynamodb.*} properties (their requests reported to every {@link RequestObserver} bean: the meters, the
 * traces, the application's own). An application
 * that declares its own {@link DynamoDbClient} or {@link TableNames} bean gets it used instead.
 */
@AutoConfiguration(after = {EscqrsMetricsAutoConfiguration.class, EscqrsTracingAutoConfiguration.class})
@ConditionalOnProperty(name = "escqrs.store", havingValue = "dynamodb")
public class EscqrsDynamoDbAutoConfiguration {
    private static final Log LOG = LogFactory.getLog(EscqrsDynamoDbAutoConfiguration.class);

    /** An endpoint of AWS itself (a regional, FIPS or VPC endpoint): no emulator, no warning. */
    static boolean isAws(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.endsWith(".api.aws");
    }

    @Bean
    @ConditionalOnMissingBean
    TableNames escqrsTableNames(EscqrsProperties properties) {
        EscqrsDynamoDbProperties dynamodb = properties.getDynamodb();
        if (dynamodb.getTablePrefix() == null || dynamodb.getTablePrefix().isBlank()) {
            throw new EscqrsConfigurationException(
                    "escqrs.store=dynamodb needs escqrs.dynamodb.table-prefix",
                    "set escqrs.dynamodb.table-prefix to the prefix of the tables the deployment made (e.g. blog-, "
                            + "for blog-events and blog-BlogPost)");
        }
        TableNames names = TableNames.withPrefix(dynamodb.getTablePrefix()).withLayout(dynamodb.getLayout());
        if (!dynamodb.getOneItem().isEmpty()) {
            names = names.withStorage(
                    StorageMode.ONE_ITEM, dynamodb.getOneItem().toArray(String[]::new));
        }
        return dynamodb.getEventsByNameShards() > 0 ? names.withEventsByName(dynamodb.getEventsByNameShards()) : names;
    }

    @Bean
    @ConditionalOnMissingBean
    DynamoDbClients escqrsDynamoDbClients(EscqrsProperties properties, ObjectProvider<RequestObserver> observers) {
        EscqrsDynamoDbProperties dynamodb = properties.getDynamodb();
        DynamoDbClients.Builder builder = DynamoDbClients.builder();
        if (dynamodb.getEndpoint() != null) {
            if (dynamodb.isEmulator()) {
                builder.emulator(dynamodb.getEndpoint());
            } else {
                if (!isAws(dynamodb.getEndpoint())) {
                    LOG.warn(("escqrs.dynamodb.endpoint=%s is set without escqrs.dynamodb.emulator: if it is an "
                                    + "emulator such as moto, set escqrs.dynamodb.emulator=true, or it may lose acknowledged "
                                    + "writes when requests overlap (the emulator setting sends one request at a time); a "
                                    + "server that takes concurrent requests as DynamoDB does needs nothing")
                            .formatted(dynamodb.getEndpoint()));
                }
                builder.endpoint(dynamodb.getEndpoint());
            }
        } else if (dynamodb.isEmulator()) {
            throw new EscqrsConfigurationException(
                    "escqrs.dynamodb.emulator=true needs escqrs.dynamodb.endpoint",
                    "set escqrs.dynamodb.endpoint to the emulator's address (e.g. http://127.0.0.1:5000), or remove "
                            + "escqrs.dynamodb.emulator to use AWS");
        }
        if (dynamodb.getRegion() != null && !dynamodb.getRegion().isBlank()) {
            builder.region(Region.of(dynamodb.getRegion()));
        }
        // every RequestObserver bean: the meters, the tracing's, the application's own
        List<RequestObserver> told = observers.orderedStream().toList();
        if (!told.isEmpty()) {
            builder.observer((operation, failed, took) -> told.forEach(o -> o.request(operation, failed, took)));
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DynamoDbClient escqrsDynamoDbClient(DynamoDbClients clients) {
        return clients.dynamoDb();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DynamoDbStreamsClient escqrsDynamoDbStreamsClient(DynamoDbClients clients) {
        return clients.streams();
    }

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

    /** The KMS client of the data keys, with the DynamoDB clients' region and credentials. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "escqrs.dynamodb.kms-key-id")
    KmsClient escqrsKmsClient(DynamoDbClients clients) {
        return clients.kms();
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
