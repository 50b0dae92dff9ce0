package dev.escqrs.testkit.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB wire-protocol server for tests, one per JVM, found or started on first use, in this order:
 * <ol>
 *   <li>the endpoint in the environment variable {@value #ENDPOINT_VARIABLE} (a server you run yourself);</li>
 *   <li>a Testcontainers container of the moto server image, where a Docker engine is visible ({@code DOCKER_HOST}
 *       or its socket) or {@value #TESTCONTAINERS_VARIABLE} is {@code true}; otherwise Testcontainers is not asked
 *       and logs nothing;</li>
 *   <li>a {@code moto_server} process it starts itself on a free loopback port (found on {@code PATH}, or as
 *       {@code python3 -m moto.server}), waits for, and stops when the JVM exits;</li>
 *   <li>else an {@link IllegalStateException} that says how to get one. A test that needs DynamoDB fails; it never
 *       skips.</li>
 * </ol>
 * Amazon's DynamoDB Local is not used: its licence is not open source. Clients get dummy credentials and region
 * {@code us-east-1}. Give each test class its own tables through {@link #tablePrefix(Class)}: moto scans whole tables
 * on every query, so shared, growing tables slow every test down.
 *
 * <pre>{@code
 * DynamoDbTestServer server = DynamoDbTestServer.get();
 * DynamoDbClient client = server.client();
 * String prefix = server.tablePrefix(MyTest.class);
 * }</pre>
 */
public final class DynamoDbTestServer {
    /** The environment variable that points the tests at a running server, e.g. {@code http://127.0.0.1:5000}. */
    public static final String ENDPOINT_VARIABLE = "ESCQRS_DYNAMODB_ENDPOINT";
    /** The moto server image used where Docker is available. */
    public static final String MOTO_IMAGE = "motoserver/moto:5.1.4";

    public static final Region REGION = Region.US_EAST_1;

    private static final Object LOCK = new Object();
    private static DynamoDbTestServer instance;

    private final URI endpoint;
    private final String origin;
    private final DynamoDbClient client;

    private DynamoDbTestServer(URI endpoint, String origin) {
        this.endpoint = endpoint;
        this.origin = origin;
        this.client = client(b -> {});
    }

    /** The server of this JVM, found or started on the first call. */
    public static DynamoDbTestServer get() {
        synchronized (LOCK) {
            if (instance == null) {
                instance = resolve();
            }
            return instance;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** How the server was found: "environment", "container" or "moto_server process". */
    public String origin() {
        return origin;
    }

    /** A shared client (pooled connections). */
    public DynamoDbClient client() {
        return client;
    }

    /**
     * A client with a single HTTP connection, so that requests reach the server one at a time. moto is not safe for
     * concurrent transactions (a failed one can restore a stale table over other commits); with this client threads
     * still interleave their reads and writes, which is what race tests need. Close it after use.
     */
    public DynamoDbClient oneConnectionClient() {
        return dynamoDb().httpClientBuilder(oneConnection()).build();
    }

    /**
     * A DynamoDB client and a Streams client that share one HTTP connection, so that every request of a test, the
     * change feed's polls included, reaches moto one at a time (moto corrupts a table when a transaction overlaps
     * another request on it). Close both after use.
     */
    public SerialClients serialClients(Consumer<DynamoDbClientBuilder> customizer) {
        SdkHttpClient http = oneConnection().build();
        DynamoDbClientBuilder builder = dynamoDb().httpClient(http);
        customizer.accept(builder);
        return new SerialClients(builder.build(), streams().httpClient(http).build(), http);
    }

    /** Clients that send one request at a time over a shared connection; see {@link #serialClients}. */
    public record SerialClients(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, SdkHttpClient http)
            implements AutoCloseable {
        @Override
        public void close() {
            dynamoDb.close();
            streams.close();
            http.close();
        }
    }

    /** A new client pointed at this server, customized (interceptors, timeouts, HTTP client). Close it after use. */
    public DynamoDbClient client(Consumer<DynamoDbClientBuilder> customizer) {
        DynamoDbClientBuilder builder = dynamoDb()
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build());
        customizer.accept(builder);
        return builder.build();
    }

    /** A client of this server's DynamoDB Streams API. */
    public DynamoDbStreamsClient streamsClient() {
        return streams().httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    /** A client of this server's KMS (moto serves every API on one endpoint). Close it after use. */
    public software.amazon.awssdk.services.kms.KmsClient kmsClient() {
        return software.amazon.awssdk.services.kms.KmsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    /** This server, its region and the dummy credentials; the caller picks the HTTP client. */
    private DynamoDbClientBuilder dynamoDb() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials());
    }

    private software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder streams() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials());
    }

    private static Apache5HttpClient.Builder oneConnection() {
        return Apache5HttpClient.builder().maxConnections(1).connectionAcquisitionTimeout(Duration.ofMinutes(2));
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("escqrs-test", "escqrs-test"));
    }

    /** A table-name prefix no other test class shares, e.g. {@code t-MyTest-1a2b3c4d-}. */
    public String tablePrefix(Class<?> testClass) {
        return "t-%s-%s-"
                .formatted(
                        testClass.getSimpleName(), UUID.randomUUID().toString().substring(0, 8));
    }

    private static DynamoDbTestServer resolve() {
        TestServerLauncher.Found found = TestServerLauncher.find();
        DynamoDbTestServer server = new DynamoDbTestServer(found.endpoint(), found.origin());
        server.awaitReady(found.readyTimeout(), found.started());
        return server;
    }

    /** Set to {@code true} to try a Testcontainers container even where no Docker engine is visible. */
    public static final String TESTCONTAINERS_VARIABLE = "ESCQRS_TESTCONTAINERS";

    private void awaitReady(Duration timeout, Optional<TestServerLauncher.Started> started) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (started.isPresent() && !started.get().process().isAlive()) {
                throw new IllegalStateException("%s exited with code %d before answering; its output (%s):%n%s"
                        .formatted(
                                String.join(" ", started.get().command()),
                                started.get().process().exitValue(),
                                started.get().log(),
                                TestServerLauncher.readLog(started.get().log())));
            }
            try {
                client.listTables(b -> b.limit(1));
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the DynamoDB test server", e);
            }
        }
        throw new IllegalStateException(
                "the DynamoDB test server at %s (%s) did not answer within %s: %s%s"
                        .formatted(
                                endpoint,
                                origin,
                                timeout,
                                last == null ? "" : last.getMessage(),
                                started.map(s -> "\nits output:\n" + TestServerLauncher.readLog(s.log()))
                                        .orElse("")),
                last);
    }

    @Override
    public String toString() {
        return "DynamoDbTestServer[%s, %s]".formatted(endpoint, origin.toLowerCase(Locale.ROOT));
    }
}
