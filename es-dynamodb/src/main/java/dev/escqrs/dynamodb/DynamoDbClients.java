package dev.escqrs.dynamodb;

import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.dynamodb.internal.ObservingInterceptor;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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

/**
 * The SDK clients escqrs's DynamoDB store needs, built one way (for {@link DynamoDbModule}, the Spring Boot starter,
 * or by hand): where the region and credentials come from (set, fixed local ones for a local server, else the SDK's
 * chains, checked at once), which HTTP client (one connection for an emulator) and the observer every request is
 * reported to.
 *
 * <pre>{@code
 * DynamoDbClients clients = DynamoDbClients.builder().emulator(URI.create("http://127.0.0.1:5000")).build();
 * DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
 * }</pre>
 */
public final class DynamoDbClients {
    /**
     * The region a local server gets when none is set; any region works with one. Here, not only on
     * {@link DynamoDbModule}: reading that class loads Guice, which a Spring application does not have.
     */
    public static final Region LOCAL_REGION = Region.US_EAST_1;

    private final Optional<URI> endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<SdkHttpClient> httpClient;
    private final RequestObserver observer;
    private final boolean emulator;

    private DynamoDbClients(
            Optional<URI> endpoint,
            Region region,
            AwsCredentialsProvider credentials,
            Optional<SdkHttpClient> httpClient,
            RequestObserver observer,
            boolean emulator) {
        this.emulator = emulator;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.httpClient = httpClient;
        this.observer = observer;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static DynamoDbClients resolve(
            URI endpoint,
            boolean emulator,
            Region region,
            AwsCredentialsProvider credentials,
            AwsRegionProvider regionChain,
            SdkHttpClient httpClient,
            RequestObserver observer) {
        boolean local = endpoint != null;
        Region resolvedRegion = region != null ? region : local ? LOCAL_REGION : regionFrom(regionChain);
        AwsCredentialsProvider resolvedCredentials = credentials != null
                ? credentials
                : local
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                        : DefaultCredentialsProvider.builder().build();
        if (!local) {
            requireCredentials(resolvedCredentials);
        }
        Optional<SdkHttpClient> http = Optional.ofNullable(httpClient)
                .or(() -> emulator ? Optional.of(oneRequestAtATime()) : Optional.empty());
        return new DynamoDbClients(
                Optional.ofNullable(endpoint), resolvedRegion, resolvedCredentials, http, observer, emulator);
    }

    /** The region the clients use. */
    public Region region() {
        return region;
    }

    /** A new DynamoDB client (the caller closes it). */
    public DynamoDbClient dynamoDb() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .credentialsProvider(credentials)
                .region(region)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ObservingInterceptor(observer)));
        httpClient.ifPresentOrElse(builder::httpClient, () -> builder.httpClientBuilder(Apache5HttpClient.builder()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * A new KMS client in the same region with the same credentials (the caller closes it), for
     * {@link DynamoDbDataKeys}. It talks to the emulator's endpoint only when the clients are an emulator's (moto serves
     * KMS on the same endpoint); a DynamoDB endpoint of AWS (a VPC endpoint) is not KMS's, so it uses KMS's own.
     */
    public software.amazon.awssdk.services.kms.KmsClient kms() {
        software.amazon.awssdk.services.kms.KmsClientBuilder builder =
                software.amazon.awssdk.services.kms.KmsClient.builder()
                        .credentialsProvider(credentials)
                        .region(region)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(new ObservingInterceptor(observer)));
        httpClient.ifPresentOrElse(builder::httpClient, () -> builder.httpClientBuilder(Apache5HttpClient.builder()));
        if (emulator) {
            endpoint.ifPresent(builder::endpointOverride);
        }
        return builder.build();
    }

    /** A new DynamoDB Streams client (the caller closes it). */
    public DynamoDbStreamsClient streams() {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .credentialsProvider(credentials)
                .region(region)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ObservingInterceptor(observer)));
        httpClient.ifPresentOrElse(builder::httpClient, () -> builder.httpClientBuilder(Apache5HttpClient.builder()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Region regionFrom(AwsRegionProvider chain) {
        try {
            return chain.getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException(
                    "DynamoDB: no AWS region is set. Set AWS_REGION (or a profile's region "
                            + "in ~/.aws/config), or call region(...) on DynamoDbModule.builder(); for a local server, "
                            + "give its endpoint.",
                    e);
        }
    }

    private static void requireCredentials(AwsCredentialsProvider provider) {
        try {
            provider.resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalStateException(
                    "DynamoDB: no AWS credentials found. Set AWS_ACCESS_KEY_ID and "
                            + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role (ECS task, Lambda, EC2 instance); "
                            + "for a local server, give its endpoint.",
                    e);
        }
    }

    /** One connection, and patience for it: requests queue instead of overlapping inside the emulator. */
    private static SdkHttpClient oneRequestAtATime() {
        return Apache5HttpClient.builder()
                .maxConnections(1)
                .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                .build();
    }

    /** Configures {@link DynamoDbClients}; everything is optional (on AWS, the SDK's chains). */
    public static final class Builder {
        private URI endpoint;
        private boolean emulator;
        private Region region;
        private AwsCredentialsProvider credentials;
        private AwsRegionProvider regionChain =
                DefaultAwsRegionProviderChain.builder().build();
        private SdkHttpClient httpClient;
        private RequestObserver observer = RequestObserver.NONE;

        private Builder() {}

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
         * {@link #endpoint}, and the clients send one request at a time over one connection.
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

        /**
         * One HTTP client for both SDK clients (default: an Apache 5 client each, or one single-connection client for
         * an {@linkplain #emulator emulator}).
         */
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Told of every request the clients send (operation, failure, time), for metrics (default: nobody). */
        public Builder observer(RequestObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Resolves what is not set. On AWS (no endpoint) the region and credentials are resolved now, so that a
         * service that lacks either fails at start with one line that says what to set, not at its first request.
         *
         * @throws IllegalStateException no region or no credentials can be found for AWS
         */
        public DynamoDbClients build() {
            return resolve(endpoint, emulator, region, credentials, regionChain, httpClient, observer);
        }
    }
}
