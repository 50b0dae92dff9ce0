package dev.escqrs.example.blogpost;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.dynamodb.DynamoDbLeases;
import dev.escqrs.dynamodb.DynamoDbModule;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.app.Replica;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.inmemory.InMemoryModule;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The store is the one thing that changes between runs: a Guice module, nothing else. In memory, the store with the
 * read model, the ledger and the keys beside it in the process; on DynamoDB ({@code --store dynamodb}), the tables of
 * {@code --table-prefix}, the read model's and the ledger's tables, the authors' keys wrapped by KMS, the leases the
 * replicas share, and the indexer when this process runs it. The application's own wiring is {@code BlogPostModule}.
 */
final class StoreModules {
    private StoreModules() {}

    /** The store of {@code options}, and what lives beside it. */
    static Module of(Options options) {
        return of(options, b -> {});
    }

    /** As above, with a last say over the DynamoDB module (tests share one HTTP connection for moto). */
    static Module of(Options options, Consumer<DynamoDbModule.Builder> customize) {
        if (options.store().equals("memory")) {
            // the store is its own change feed, and each process has its own: every runner runs where it is started
            return Modules.combine(new InMemoryModule(), binder -> {
                binder.bind(PublishedPosts.class)
                        .to(InMemoryPublishedPosts.class)
                        .in(Singleton.class);
                binder.bind(ReactionLedger.class).toInstance(ReactionLedger.inMemory());
                binder.bind(Replica.class).toInstance(Replica.alone());
                binder.bind(InProcessIndexer.class).toInstance(InProcessIndexer.none());
                // the keys live as long as the events: both are gone when the process ends
                binder.bind(DataKeys.class).toInstance(DataKeys.inMemory());
            });
        }
        TableNames tables = ServiceTables.named(options.tablePrefix());
        DynamoDbModule.Builder dynamo = DynamoDbModule.builder()
                .tables(tables)
                .badRecords(BadRecords.PARK); // as the runners' specs: an event they cannot decode parks its post
        if (options.indexFeed()) {
            dynamo.indexFeed(); // and --create-tables creates the index table
        }
        // an endpoint is an emulator here: one request at a time (moto loses writes when requests overlap), and no
        // region or credentials to configure
        options.endpoint().ifPresent(dynamo::emulator);
        options.region().ifPresent(region -> dynamo.region(Region.of(region)));
        if (options.createTables()) {
            dynamo.createTables(BlogPosts.ALL_NAMES);
        }
        customize.accept(dynamo);
        String readModelTable = options.tablePrefix() + DynamoDbPublishedPosts.TABLE_SUFFIX;
        String ledgerTable = options.tablePrefix() + AuthorStats.NAME;
        return Modules.combine(dynamo.build(), new AbstractModule() {
            @Provides
            @Singleton
            PublishedPosts publishedPosts(DynamoDbClient client) {
                if (options.createTables()) {
                    DynamoDbPublishedPosts.createTable(client, readModelTable);
                }
                return new DynamoDbPublishedPosts(client, readModelTable);
            }

            /**
             * The authors' data keys in the keys table, wrapped by the KMS key of {@code --kms-key} (or
             * $ESCQRS_KMS_KEY_ID); on an emulator without one, by a key the service makes there under an alias of
             * the table prefix. With {@code --create-tables}, the keys table is created too.
             */
            @Provides
            @Singleton
            DataKeys dataKeys(DynamoDbClient client, DynamoDbTables created) {
                if (options.kmsKey().isEmpty() && options.endpoint().isEmpty()) {
                    throw new IllegalStateException(
                            "on AWS the authors' personal data needs a KMS key: give --kms-key KEY " + "or set "
                                    + ServiceKeys.KMS_KEY_VARIABLE + " (deploy/template.yaml's PersonalDataKey)");
                }
                if (options.createTables()) {
                    created.createKeysTable();
                }
                KmsClient kms = ServiceKeys.kmsClient(
                        options.endpoint(), options.region().map(Region::of));
                String key = options.kmsKey().orElseGet(() -> ServiceKeys.localKey(kms, options.tablePrefix()));
                return ServiceKeys.onDynamoDb(client, kms, tables, key);
            }

            @Provides
            @Singleton
            ReactionLedger authorStatsLedger(DynamoDbClient client) {
                if (options.createTables()) {
                    DynamoDbReactionLedger.createTable(client, ledgerTable);
                }
                return new DynamoDbReactionLedger(client, ledgerTable);
            }

            /** The service's tasks share the durable runners through leases in the checkpoint table. */
            @Provides
            @Singleton
            Replica replica(DynamoDbClient client, DynamoDbTables created) {
                return Replica.among(new DynamoDbLeases(client, tables));
            }

            @Provides
            @Singleton
            InProcessIndexer indexer(
                    DynamoDbClient client, DynamoDbStreamsClient streams, DynamoDbTables created, Replica replica) {
                if (!options.indexerHere()) {
                    return InProcessIndexer.none();
                }
                // SKIP as IndexerLambda: a record that holds no event (a hand edit) is logged, not a stop of the index.
                // The default poll (500 ms): two GetRecords a second per shard, well below what a shard serves
                return InProcessIndexer.of(DynamoDbIndexer.builder(client, streams, tables)
                        .badRecords(BadRecords.SKIP)
                        .lease(replica.leases().orElseThrow(), replica.name(), Replica.LEASE)
                        .build());
            }
        });
    }
}
