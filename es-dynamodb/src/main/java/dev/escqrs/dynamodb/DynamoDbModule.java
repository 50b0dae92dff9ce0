package dev.escqrs.dynamodb;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds the ports ({@link EventStore}, {@link AggregateReader}, {@link ChangeFeed}) to DynamoDB. The application
 * binds the {@link JsonCodec}; install {@code InMemoryModule} instead to run in memory with no other change.
 *
 * <pre>{@code
 * Guice.createInjector(new BlogPostModule(), DynamoDbModule.builder()
 *     .tables(TableNames.withPrefix("blog-"))
 *     .endpoint(URI.create("http://127.0.0.1:5000"))   // a local server; leave out for AWS
 *     .createTables(List.of("BlogPost"))               // at start-up, idempotent
 *     .build());
 * }</pre>
 *
 * Region and credentials come from the SDK's default chains unless set.
 */
public final class DynamoDbModule extends AbstractModule {
    private final TableNames tables;
    private final Optional<URI> endpoint;
    private final Optional<Region> region;
    private final AwsCredentialsProvider credentials;
    private final List<String> createTablesFor;
    private final boolean createTables;
    private final Optional<SdkHttpClient> httpClient;

    private DynamoDbModule(Builder b) {
        this.tables = b.tables;
        this.endpoint = Optional.ofNullable(b.endpoint);
        this.region = Optional.ofNullable(b.region);
        this.credentials = b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build();
        this.createTablesFor = b.createTablesFor;
        this.createTables = b.createTables;
        this.httpClient = Optional.ofNullable(b.httpClient);
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
    }

    @Provides
    @Singleton
    DynamoDbClient client() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().credentialsProvider(credentials);
        httpClient.ifPresentOrElse(builder::httpClient, () -> builder.httpClientBuilder(Apache5HttpClient.builder()));
        endpoint.ifPresent(builder::endpointOverride);
        region.ifPresent(builder::region);
        DynamoDbClient client = builder.build();
        if (createTables) {
            new DynamoDbTables(client, tables).createTables(createTablesFor);
        }
        return client;
    }

    @Provides
    @Singleton
    DynamoDbStreamsClient streamsClient() {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder().credentialsProvider(credentials);
        httpClient.ifPresentOrElse(builder::httpClient, () -> builder.httpClientBuilder(Apache5HttpClient.builder()));
        endpoint.ifPresent(builder::endpointOverride);
        region.ifPresent(builder::region);
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
    DynamoDbStreamPoller poller(DynamoDbChangeFeed feed, DynamoDbCheckpoints checkpoints) {
        return new DynamoDbStreamPoller(feed, checkpoints);
    }

    @Provides
    @Singleton
    LambdaStreamEventDecoder lambdaDecoder(JsonCodec codec) {
        return LambdaStreamEventDecoder.strict(codec, tables);
    }

    /** Configures a {@link DynamoDbModule}; {@link #tables} is required. */
    public static final class Builder {
        private TableNames tables;
        private URI endpoint;
        private Region region;
        private AwsCredentialsProvider credentials;
        private List<String> createTablesFor = List.of();
        private boolean createTables;
        private SdkHttpClient httpClient;

        private Builder() {
        }

        /**
         * One HTTP client for both SDK clients (default: an Apache 5 client each). Tests against moto pass a client
         * with a single connection, so that the change feed's polls never overlap a transaction.
         */
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        public Builder tables(TableNames tables) {
            this.tables = Objects.requireNonNull(tables, "tables");
            return this;
        }

        /** A DynamoDB-compatible server instead of AWS (moto, a proxy). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
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

        /** Creates the tables for these aggregate types when the client is first made (idempotent). */
        public Builder createTables(List<String> aggregateNames) {
            this.createTablesFor = List.copyOf(aggregateNames);
            this.createTables = true;
            return this;
        }

        public DynamoDbModule build() {
            Objects.requireNonNull(tables, "tables: call tables(TableNames) on the builder");
            return new DynamoDbModule(this);
        }
    }
}
