package dev.escqrs.testkit.dynamodb;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
        this.client = client(b -> { });
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
                        .apiCallTimeout(Duration.ofSeconds(60)).build());
        customizer.accept(builder);
        return builder.build();
    }

    /** A client of this server's DynamoDB Streams API. */
    public DynamoDbStreamsClient streamsClient() {
        return streams().httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    /** This server, its region and the dummy credentials; the caller picks the HTTP client. */
    private DynamoDbClientBuilder dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials());
    }

    private software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder streams() {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials());
    }

    private static Apache5HttpClient.Builder oneConnection() {
        return Apache5HttpClient.builder().maxConnections(1).connectionAcquisitionTimeout(Duration.ofMinutes(2));
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("escqrs-test", "escqrs-test"));
    }

    /** A table-name prefix no other test class shares, e.g. {@code t-MyTest-1a2b3c4d-}. */
    public String tablePrefix(Class<?> testClass) {
        return "t-%s-%s-".formatted(testClass.getSimpleName(), UUID.randomUUID().toString().substring(0, 8));
    }

    private static DynamoDbTestServer resolve() {
        List<String> tried = new ArrayList<>();
        String fromEnv = System.getenv(ENDPOINT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            DynamoDbTestServer server = new DynamoDbTestServer(URI.create(fromEnv.trim()), "environment");
            server.awaitReady(Duration.ofSeconds(30), Optional.empty());
            return server;
        }
        tried.add(ENDPOINT_VARIABLE + " is not set");
        Optional<DynamoDbTestServer> container = startContainer(tried);
        if (container.isPresent()) {
            return container.get();
        }
        Optional<List<String>> command = motoCommand();
        if (command.isPresent()) {
            return startProcess(command.get());
        }
        tried.add("no moto_server on PATH (" + System.getenv("PATH") + ") and python3 cannot import moto.server");
        throw new IllegalStateException(("""
                No DynamoDB test server could be found or started. Tried:
                  - %s
                Fix one of these:
                  - install moto's server:  pip install "moto[server]"   (then `moto_server` must be on PATH), or
                  - start a server yourself and set %s=http://127.0.0.1:PORT, or
                  - run a Docker engine, so that the %s container can start.
                scripts/test installs moto when it is missing.""")
                .formatted(String.join("\n  - ", tried), ENDPOINT_VARIABLE, MOTO_IMAGE));
    }

    /** Set to {@code true} to try a Testcontainers container even where no Docker engine is visible. */
    public static final String TESTCONTAINERS_VARIABLE = "ESCQRS_TESTCONTAINERS";

    /**
     * Whether to ask Testcontainers at all: when asked ({@value #TESTCONTAINERS_VARIABLE}), or when a Docker engine is
     * visible ({@code DOCKER_HOST}, the usual socket). Asking it without one logs an ERROR on every test run.
     */
    private static boolean dockerLikely() {
        return "true".equalsIgnoreCase(System.getenv(TESTCONTAINERS_VARIABLE)) || System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }

    private static Optional<DynamoDbTestServer> startContainer(List<String> tried) {
        if (!dockerLikely()) {
            tried.add("no Docker engine visible for Testcontainers (no DOCKER_HOST, no docker.sock; set "
                    + TESTCONTAINERS_VARIABLE + "=true to try anyway)");
            return Optional.empty();
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            tried.add("no Docker engine for Testcontainers");
            return Optional.empty();
        }
        @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
        GenericContainer<?> moto = new GenericContainer<>(DockerImageName.parse(MOTO_IMAGE))
                .withExposedPorts(5000)
                .waitingFor(Wait.forListeningPort());
        try {
            moto.start();
        } catch (RuntimeException e) {
            tried.add("the %s container did not start: %s".formatted(MOTO_IMAGE, e.getMessage()));
            return Optional.empty();
        }
        URI endpoint = URI.create("http://%s:%d".formatted(moto.getHost(), moto.getMappedPort(5000)));
        DynamoDbTestServer server = new DynamoDbTestServer(endpoint, "container");
        server.awaitReady(Duration.ofSeconds(60), Optional.empty());
        return Optional.of(server);
    }

    private static Optional<List<String>> motoCommand() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "moto_server");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(List.of(candidate.toString()));
                }
            }
        }
        try {
            Process check = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            if (check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0) {
                return Optional.of(List.of("python3", "-m", "moto.server"));
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static DynamoDbTestServer startProcess(List<String> command) {
        int port = freePort();
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        Path log;
        Process process;
        try {
            log = Files.createTempFile("escqrs-moto-" + port + "-", ".log");
            process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start %s: %s".formatted(String.join(" ", full), e.getMessage()), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "escqrs-moto-stop"));
        DynamoDbTestServer server = new DynamoDbTestServer(URI.create("http://127.0.0.1:" + port), "moto_server process");
        server.awaitReady(Duration.ofSeconds(60), Optional.of(new Started(process, log, full)));
        return server;
    }

    private record Started(Process process, Path log, List<String> command) {
    }

    private void awaitReady(Duration timeout, Optional<Started> started) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (started.isPresent() && !started.get().process().isAlive()) {
                throw new IllegalStateException("%s exited with code %d before answering; its output (%s):%n%s"
                        .formatted(String.join(" ", started.get().command()), started.get().process().exitValue(),
                                started.get().log(), readLog(started.get().log())));
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
        throw new IllegalStateException("the DynamoDB test server at %s (%s) did not answer within %s: %s%s".formatted(
                endpoint, origin, timeout, last == null ? "" : last.getMessage(),
                started.map(s -> "\nits output:\n" + readLog(s.log())).orElse("")), last);
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the moto server: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DynamoDbTestServer[%s, %s]".formatted(endpoint, origin.toLowerCase(Locale.ROOT));
    }
}
