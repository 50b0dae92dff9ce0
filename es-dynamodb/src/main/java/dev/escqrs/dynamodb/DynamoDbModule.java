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
import dev.escqrs.dynamodb.internal.ObservingInterceptor;
import dev.escqrs.dynamodb.stream.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.stream.LambdaJsonEventDecoder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds the ports ({@link EventStore}, {@link AggregateReader}, {@link ChangeFeed}, {@link Checkpoints}) to DynamoDB. The application
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
public final class DynamoDbModule extends AbstractModule {
    /** The region a local server gets when none is set; any region works with one. */
    public static final Region LOCAL_REGION = Region.US_EAST_1;

    private final TableNames tables;
    private final Optional<URI> endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final List<String> createTablesFor;
    private final boolean createTables;
    private final Optional<SdkHttpClient> httpClient;
    private final RequestObserver observer;

    private DynamoDbModule(Builder b, Region region, AwsCredentialsProvider credentials, Optional<SdkHttpClient> httpClient) {
        this.tables = b.tables;
        this.endpoint = Optional.ofNullable(b.endpoint);
        this.region = region;
        this.credentials = credentials;
        this.createTablesFor = b.createTablesFor;
        this.createTables = b.createTables;
        this.httpClient = httpClient;
        this.observer = b.observer;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void configure() {
        bind(TableNames.class).toInstance(tables);
        bind(EventStore.class).to(DynamoDbEventStore.class);
        bind(AggregateReader.class).to(DynamoDbEventStore.class);
        bind(ChangeFeed.class).to(DynamoDbChangeFeed.class);
        bind(Checkpoints.class).to(DynamoDbCheckpoints.class);
    }

    @Provides
    @Singleton
    DynamoDbClient client() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().credentialsProvider(credentials).region(region)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ObservingInterceptor(observer)));
        httpClient.ifPresentOrElse(builder::httpClient, () -> builder.httpClientBuilder(Apache5HttpClient.builder()));
        endpoint.ifPresent(builder::endpointOverride);
        DynamoDbClient client = builder.build();
        if (createTables) {
            new DynamoDbTables(client, tables).createTables(createTablesFor);
        }
        return client;
    }

    @Provides
    @Singleton
    DynamoDbStreamsClient streamsClient() {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder().credentialsProvider(credentials).region(region)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ObservingInterceptor(observer)));
        httpClient.ifPresentOrElse(builder::httpClient, () -> builder.httpClientBuilder(Apache5HttpClient.builder()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Provides
    @Singleton
    DynamoDbEventStore store(DynamoDbClient client, JsonCodec codec) {
        return new DynamoDbEventStore(client, tables, codec);
    }

    @Provides
    @Singleton
    DynamoDbChangeFeed feed(DynamoDbClient client, DynamoDbStreamsClient streams, JsonCodec codec) {
        return new DynamoDbChangeFeed(client, streams, tables, codec);
    }

    @Provides
    @Singleton
    DynamoDbCheckpoints checkpoints(DynamoDbClient client) {
        return new DynamoDbCheckpoints(client, tables);
    }

    @Provides
    @Singleton
    dev.escqrs.core.feed.FeedPoller poller(DynamoDbChangeFeed feed, DynamoDbCheckpoints checkpoints) {
        return new dev.escqrs.core.feed.FeedPoller(feed, checkpoints);
    }

    @Provides
    @Singleton
    LambdaJsonEventDecoder lambdaDecoder(JsonCodec codec) {
        return LambdaJsonEventDecoder.of(codec, tables);
    }

    /** Configures a {@link DynamoDbModule}; {@link #tables} is required. */
    public static final class Builder {
        private TableNames tables;
        private URI endpoint;
        private boolean emulator;
        private Region region;
        private AwsCredentialsProvider credentials;
        private AwsRegionProvider regionChain = DefaultAwsRegionProviderChain.builder().build();
        private List<String> createTablesFor = List.of();
        private boolean createTables;
        private SdkHttpClient httpClient;
        private RequestObserver observer = RequestObserver.NONE;

        private Builder() {
        }

        /** Told of every request the module's clients send (operation, failure, time), for metrics (default: nobody). */
        public Builder observer(RequestObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * One HTTP client for both SDK clients (default: an Apache 5 client each, or one single-connection client for
         * an {@linkplain #emulator emulator}).
         */
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
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
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * An emulator (moto, or any server that is not safe for overlapping requests) at {@code endpoint}: as
         * {@link #endpoint}, and every client this module builds sends one request at a time over one connection.
         */
        public Builder emulator(URI endpoint) {
            endpoint(endpoint);
            this.emulator = true;
            return this;
        }

        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Where the region comes from on AWS when {@link #region} is not set (default: the SDK's chain). */
        Builder regionChain(AwsRegionProvider regionChain) {
            this.regionChain = Objects.requireNonNull(regionChain, "regionChain");
            return this;
        }

        /** Creates the tables for these aggregate types when the client is first made (idempotent). */
        public Builder createTables(List<String> aggregateNames) {
            this.createTablesFor = List.copyOf(aggregateNames);
            this.createTables = true;
            return this;
        }

        /**
         * The module. On AWS (no endpoint) it resolves the region and the credentials now, so that a service that
         * lacks either fails at start with one line that says what to set, not at its first request.
         *
         * @throws IllegalStateException no region or no credentials can be found for AWS
         */
        public DynamoDbModule build() {
            Objects.requireNonNull(tables, "tables: call tables(TableNames) on the builder");
            boolean local = endpoint != null;
            Region resolvedRegion = region != null ? region : local ? LOCAL_REGION : regionFromChain();
            AwsCredentialsProvider resolvedCredentials = credentials != null ? credentials
                    : local ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                    : DefaultCredentialsProvider.builder().build();
            if (!local) {
                requireCredentials(resolvedCredentials);
            }
            Optional<SdkHttpClient> http = Optional.ofNullable(httpClient)
                    .or(() -> emulator ? Optional.of(oneRequestAtATime()) : Optional.empty());
            return new DynamoDbModule(this, resolvedRegion, resolvedCredentials, http);
        }

        private Region regionFromChain() {
            try {
                return regionChain.getRegion();
            } catch (SdkClientException e) {
                throw new IllegalStateException("DynamoDB: no AWS region is set. Set AWS_REGION (or a profile's region "
                        + "in ~/.aws/config), or call region(...) on DynamoDbModule.builder(); for a local server, "
                        + "give its endpoint.", e);
            }
        }

        private static void requireCredentials(AwsCredentialsProvider provider) {
            try {
                provider.resolveCredentials();
            } catch (SdkClientException e) {
                throw new IllegalStateException("DynamoDB: no AWS credentials found. Set AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role (ECS task, Lambda, EC2 instance); "
                        + "for a local server, give its endpoint.", e);
            }
        }

        /** One connection, and patience for it: requests queue instead of overlapping inside the emulator. */
        private static SdkHttpClient oneRequestAtATime() {
            return Apache5HttpClient.builder().maxConnections(1)
                    .connectionAcquisitionTimeout(Duration.ofMinutes(2)).build();
        }
    }
}
