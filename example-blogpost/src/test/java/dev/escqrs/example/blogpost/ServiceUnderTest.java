package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.app.ReadModel;
import dev.escqrs.example.blogpost.app.Workflows;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.http.BlogPostHttpServer;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The service as Main wires it, on "memory" or "dynamodb" (moto, one request at a time; the runners on the index, the
 * indexer in the service unless the flags say otherwise), on a free loopback port, with its access log kept in memory.
 */
final class ServiceUnderTest implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The media type of every error answer. */
    static final String PROBLEM_JSON = "application/problem+json";
    /** Where every problem type URI starts. */
    static final String PROBLEMS = "https://escqrs.dev/problems/";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final BlogPostHttpServer server;
    private final Injector injector;
    private final String tablePrefix;

    ServiceUnderTest(String store, Authentication auth, Class<?> test) {
        this(store, auth, test, UnaryOperator.identity());
    }

    /** As above, with the DynamoDB client's HTTP wire passed through {@code wire} (to break it). */
    ServiceUnderTest(String store, Authentication auth, Class<?> test, UnaryOperator<SdkHttpClient> wire) {
        this(store, auth, test, wire, Modules.EMPTY_MODULE);
    }

    /** As above, with {@code overrides} replacing bindings of the service's modules (a projection made to fail). */
    ServiceUnderTest(
            String store, Authentication auth, Class<?> test, UnaryOperator<SdkHttpClient> wire, Module overrides) {
        this(store, auth, test, wire, overrides, List.of());
    }

    /** On moto, on tables of its own, with these further flags ({@code --indexer lambda}, {@code --feed stream}). */
    static ServiceUnderTest onDynamoDb(Authentication auth, Class<?> test, String... flags) {
        return new ServiceUnderTest(
                "dynamodb", auth, test, UnaryOperator.identity(), Modules.EMPTY_MODULE, List.of(flags));
    }

    /**
     * On moto, on the tables of {@code tablePrefix}, over {@code http}: a replica of another service on them. Replicas
     * in one test share one connection, so that moto sees one request at a time from all of them.
     */
    static ServiceUnderTest onTables(Authentication auth, String tablePrefix, SdkHttpClient http, String... flags) {
        List<String> args = new ArrayList<>(List.of("--table-prefix", tablePrefix));
        args.addAll(List.of(flags));
        return new ServiceUnderTest("dynamodb", auth, ServiceUnderTest.class, own -> http, Modules.EMPTY_MODULE, args);
    }

    private ServiceUnderTest(
            String store,
            Authentication auth,
            Class<?> test,
            UnaryOperator<SdkHttpClient> wire,
            Module overrides,
            List<String> flags) {
        // a later --table-prefix in flags wins
        List<String> args = new ArrayList<>(
                store.equals("memory")
                        ? List.of("--port", "0")
                        : List.of(
                                "--store",
                                "dynamodb",
                                "--endpoint",
                                DynamoDbTestServer.get().endpoint().toString(),
                                "--table-prefix",
                                DynamoDbTestServer.get().tablePrefix(test),
                                "--port",
                                "0"));
        args.addAll(flags);
        Options options = Options.parse(args.toArray(String[]::new));
        tablePrefix = options.tablePrefix();
        DynamoDbTestServer.SerialClients serial = DynamoDbTestServer.get().serialClients(b -> {});
        running.add(serial);
        ServiceMetrics metrics = new ServiceMetrics();
        injector = Guice.createInjector(Modules.override(
                        new BlogPostModule(metrics),
                        StoreModules.of(
                                options,
                                dynamo -> dynamo.httpClient(wire.apply(serial.http()))
                                        .observer(metrics)))
                .with(overrides));
        // as Main: the indexer (when this service runs it), the read model, the workflows
        running.add(injector.getInstance(InProcessIndexer.class).start());
        running.add(injector.getInstance(ReadModel.class).start(false));
        running.add(injector.getInstance(Workflows.class).start());
        server = new BlogPostHttpServer(
                        injector.getInstance(BlogPostService.class), auth, options.host(), 0, accessLog::add)
                .start();
        running.add(server);
        assertThat(server.address().getAddress().isLoopbackAddress())
                .as("binds loopback unless told")
                .isTrue();
    }

    /** The prefix of the service's DynamoDB tables. */
    String tablePrefix() {
        return tablePrefix;
    }

    int port() {
        return server.port();
    }

    /** The service's wiring, for what a test reaches past HTTP (the read model, the parking). */
    Injector injector() {
        return injector;
    }

    /** Stops {@code resource} with the service, before everything started earlier. */
    <T extends AutoCloseable> T closing(T resource) {
        running.add(resource);
        return resource;
    }

    List<String> accessLog() {
        return accessLog;
    }

    /** Sends a request; {@code headers} are name, value pairs. A body is sent as JSON unless a Content-Type is given. */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a post as {@code alice} (with X-Actor-Id: development auth) and returns its id. */
    String created(String title) {
        return created(title, "X-Actor-Id", "alice");
    }

    /** Creates a post with these credentials and returns its id. */
    String created(String title, String... credentials) {
        HttpResponse<String> response = send("POST", "/posts", "{\"title\": \"" + title + "\"}", credentials);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts an error answer: {@code status}, and an RFC 9457 problem detail whose type is {@code error} with
     * {@code -} for {@code _}, about the request's path when it has an instance, that still carries the members of
     * the bodies before problem details ({@code error}, and {@code message} as the detail).
     */
    static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as(response.body())
                .contains(PROBLEM_JSON);
        JsonNode body = json(response);
        assertThat(body.get("type").asText()).isEqualTo(PROBLEMS + error.replace('_', '-'));
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asText()).isNotBlank();
        if (body.has("instance")) {
            assertThat(body.get("instance").asText())
                    .isEqualTo(response.request().uri().getRawPath());
        }
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("message").asText()).isEqualTo(body.get("detail").asText());
    }

    /** Stops the service (a replica that dies cleanly: its leases are released); once, however often called. */
    @Override
    public void close() {
        List<AutoCloseable> stopping = new ArrayList<>(running);
        running.clear();
        for (AutoCloseable c : stopping.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + c, e);
            }
        }
    }
}
