package dev.escqrs.dynamodb;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.LambdaJsonEventDecoder;
import dev.escqrs.dynamodb.table.TableNames;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Binds the ports ({@link EventStore}, {@link AggregateReader}, {@link ChangeFeed}, {@link Checkpoints},
 * {@link Parking}) to DynamoDB; the change feed is the events table's Stream, or with {@link Builder#indexFeed()} the
 * change-feed index. The application
 * binds the {@link JsonCodec}; install {@code InMemoryModule} instead to run in memory with no other change.
 *
 * <pre>{@code
 * Guice.createInjector(new BlogPostModule(), DynamoDbModule.builder()
 *     .tables(TableNames.withPrefix("blog-"))
 *     .emulator(URI.create("http://127.0.0.1:5000"))   // a local server such as moto; leave out for AWS
 *     .createTables(List.of("BlogPost"))               // at start-up, idempotent
 *     .build());
 * }</pre>
 *
 * <p>On AWS, region and credentials come from the SDK's default chains unless set; when either cannot be found,
 * {@link Builder#build()} fails with one line that says what to set. With an {@linkplain Builder#endpoint endpoint}
 * or an {@linkplain Builder#emulator emulator}, fixed local ones are used unless set (a local server needs neither).
 *
 * <p>An emulator gets clients that send one request at a time, all of them (store, change feed, checkpoints, table
 * creation) over one connection: moto loses acknowledged writes when requests overlap (a failed transaction can
 * restore a stale table over other commits). Real DynamoDB needs no such care.
 */
// Guice is required static (a Spring application runs without it): a module that uses this one requires Guice itself
@SuppressWarnings("exports")
public final class DynamoDbModule extends AbstractModule {
    /** The region a local server gets when none is set; any region works with one. */
    public static final Region LOCAL_REGION = DynamoDbClients.LOCAL_REGION;

    private final ModuleSettings settings;

    private DynamoDbModule(ModuleSettings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void configure() {
        bind(TableNames.class).toInstance(settings.tables());
        bind(EventStore.class).to(DynamoDbEventStore.class);
        bind(AggregateReader.class).to(DynamoDbEventStore.class);
        bind(ChangeFeed.class).to(settings.indexFeed() ? DynamoDbIndexFeed.class : DynamoDbChangeFeed.class);
        bind(Checkpoints.class).to(DynamoDbCheckpoints.class);
        bind(Parking.class).to(DynamoDbParking.class);
    }

    @Provides
    @Singleton
    DynamoDbClient client() {
        return settings.clients().dynamoDb();
    }

    @Provides
    @Singleton
    DynamoDbStreamsClient streamsClient() {
        return settings.clients().streams();
    }

    /** The tables, created first when {@link Builder#createTables} asked for it: everything that uses them asks here. */
    @Provides
    @Singleton
    DynamoDbTables dynamoDbTables(DynamoDbClient client) {
        return settings.createdTables(client);
    }

    @Provides
    @Singleton
    DynamoDbEventStore store(DynamoDbClient client, DynamoDbTables created, JsonCodec codec) {
        return new DynamoDbEventStore(client, settings.tables(), codec);
    }

    @Provides
    @Singleton
    DynamoDbChangeFeed feed(
            DynamoDbClient client, DynamoDbStreamsClient streams, DynamoDbTables created, JsonCodec codec) {
        return new DynamoDbChangeFeed(client, streams, settings.tables(), codec, settings.badRecords());
    }

    /** The change feed over the index ({@link Builder#indexFeed()}), every aggregate type's events. */
    @Provides
    @Singleton
    DynamoDbIndexFeed indexFeed(DynamoDbClient client, DynamoDbTables created, JsonCodec codec) {
        return new DynamoDbIndexFeed(client, settings.tables(), codec, settings.badRecords(), Set.of());
    }

    /** Parked aggregates and skips in the checkpoint table ({@link dev.escqrs.core.projection.BadRecords#PARK}). */
    @Provides
    @Singleton
    DynamoDbParking parking(DynamoDbClient client, DynamoDbTables created) {
        return new DynamoDbParking(client, settings.tables());
    }

    @Provides
    @Singleton
    DynamoDbCheckpoints checkpoints(DynamoDbClient client, DynamoDbTables created) {
        return new DynamoDbCheckpoints(client, settings.tables());
    }

    @Provides
    @Singleton
    LambdaJsonEventDecoder lambdaDecoder(JsonCodec codec) {
        return LambdaJsonEventDecoder.of(codec, settings.tables(), settings.badRecords());
    }

    /** Configures a {@link DynamoDbModule}; {@link #tables} is required. */
    public static final class Builder {
        private TableNames tables;
        private final DynamoDbClients.Builder clients = DynamoDbClients.builder();
        private List<String> createTablesFor;
        private BadRecords badRecords = BadRecords.STOP;
        private boolean indexFeed;

        private Builder() {}

        /**
         * Binds the {@link ChangeFeed} to the change-feed index ({@link DynamoDbIndexFeed}, the table
         * {@link TableNames#indexTable()}) instead of the events table's Stream: any number of runners on any number
         * of replicas, positions that never expire. Something must write the index: {@code DynamoDbIndexer} in a
         * process (under a lease, so that one replica of several reads the Stream) or es-dynamodb-lambda's
         * {@code IndexStreamHandler}. With {@link #createTables}, the index table is created too. A Stream checkpoint
         * does not carry over to the index (docs/projections.md, "Which change feed").
         */
        public Builder indexFeed() {
            this.indexFeed = true;
            return this;
        }

        /**
         * What the change feed and the Lambda JSON decoder do with a record that holds no event of ours (default
         * {@link BadRecords#STOP}); choose {@link BadRecords#PARK} when the runners that read the feed park, so that
         * an event they cannot decode parks its aggregate instead of stopping the feed. Match it to the specs'.
         */
        public Builder badRecords(BadRecords badRecords) {
            this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
            return this;
        }

        /** Told of every request the module's clients send (operation, failure, time), for metrics (default: nobody). */
        public Builder observer(RequestObserver observer) {
            clients.observer(observer);
            return this;
        }

        /**
         * One HTTP client for both SDK clients (default: an Apache 5 client each, or one single-connection client for
         * an {@linkplain #emulator emulator}).
         */
        public Builder httpClient(SdkHttpClient httpClient) {
            clients.httpClient(httpClient);
            return this;
        }

        public Builder tables(TableNames tables) {
            this.tables = Objects.requireNonNull(tables, "tables");
            return this;
        }

        /**
         * A DynamoDB-compatible server instead of AWS (a proxy, a local server). Without {@link #region} and
         * {@link #credentials}, fixed local ones are used. For an emulator such as moto use {@link #emulator}.
         */
        public Builder endpoint(URI endpoint) {
            clients.endpoint(endpoint);
            return this;
        }

        /**
         * An emulator (moto, or any server that is not safe for overlapping requests) at {@code endpoint}: as
         * {@link #endpoint}, and every client this module builds sends one request at a time over one connection.
         */
        public Builder emulator(URI endpoint) {
            clients.emulator(endpoint);
            return this;
        }

        public Builder region(Region region) {
            clients.region(region);
            return this;
        }

        public Builder credentials(AwsCredentialsProvider credentials) {
            clients.credentials(credentials);
            return this;
        }

        /** Where the region comes from on AWS when {@link #region} is not set (default: the SDK's chain). */
        Builder regionChain(AwsRegionProvider regionChain) {
            clients.regionChain(regionChain);
            return this;
        }

        /**
         * Creates the tables for these aggregate types before the store, change feed or checkpoints are first used
         * (idempotent): for development and tests; production tables come from the deployment.
         */
        public Builder createTables(List<String> aggregateNames) {
            this.createTablesFor = List.copyOf(aggregateNames);
            return this;
        }

        /**
         * The module. On AWS (no endpoint) it resolves the region and the credentials now, so that a service that
         * lacks either fails at start with one line that says what to set, not at its first request.
         *
         * @throws IllegalStateException no region or no credentials can be found for AWS
         */
        public DynamoDbModule build() {
            return new DynamoDbModule(ModuleSettings.of(tables, clients, createTablesFor, badRecords, indexFeed));
        }
    }
}
