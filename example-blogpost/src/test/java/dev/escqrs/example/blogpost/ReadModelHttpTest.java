package dev.escqrs.example.blogpost;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.http.BlogPostHttpServer;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published-posts read model over HTTP, on both stores: it survives a restart (resuming at its checkpoint, with
 * no replay) and {@code --rebuild-read-model} builds it again from the events. On DynamoDB a restart is a new
 * process in all but name: a new injector, new clients, the same tables; in memory, where the store lives as long as
 * the process, it is a new runner and server on the same store.
 */
class ReadModelHttpTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final String prefix = DynamoDbTestServer.get().tablePrefix(getClass());
    private Injector injector;
    private ProjectionRunner.Running readModel;
    private String base;

    private void start(String store, boolean rebuild, boolean newProcess) throws Exception {
        // the in-memory store lives as long as its process, so there a restart is the service's runner and server
        if (injector == null || (newProcess && store.equals("dynamodb"))) {
            String[] args = store.equals("memory") ? new String[] {"--port", "0"}
                    : new String[] {"--store", "dynamodb", "--endpoint", DynamoDbTestServer.get().endpoint().toString(),
                    "--table-prefix", prefix, "--port", "0"};
            injector = Guice.createInjector(new BlogPostModule(), Main.storeModule(Options.parse(args)));
        }
        readModel = Main.startReadModel(injector, rebuild);
        running.add(readModel);
        BlogPostHttpServer server = new BlogPostHttpServer(injector.getInstance(BlogPostService.class),
                Authentication.development(), "127.0.0.1", 0, line -> { }).start();
        running.add(server);
        base = "http://localhost:" + server.port();
        assertThat(readModel.awaitTailing(Eventually.DEFAULT_TIMEOUT)).isTrue();
    }

    /** Stops the service: the HTTP server and the read model's runner. */
    private void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
        running.clear();
    }

    @AfterEach
    void close() throws Exception {
        stop();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String publishedPost(String title) throws Exception {
        HttpResponse<String> created = send("POST", "/posts", "{\"title\": \"" + title + "\"}", "X-Actor-Id", "alice");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "\"1\"").statusCode())
                .isEqualTo(200);
        return id;
    }

    private String list() throws Exception {
        return send("GET", "/posts?published=true", null).body();
    }

    private void awaitListed(String id) {
        Eventually.await("the published list to show " + id, () -> {
            try {
                return list().contains(id);
            } catch (Exception e) {
                return false;
            }
        });
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void a_restart_resumes_at_the_checkpoint_and_keeps_what_it_had(String store) throws Exception {
        start(store, false, false);
        String first = publishedPost("Before the restart");
        awaitListed(first);
        Eventually.await("the checkpoint to be saved past the post", () -> readModel.checkpoint().isPresent()
                && injector.getInstance(ProjectionRunner.class).counts().applied() >= 2);
        stop();

        start(store, false, true);

        assertThat(list()).as("the rows survived the restart").contains(first);
        ProjectionRunner runner = injector.getInstance(ProjectionRunner.class);
        var before = runner.counts();  // zero for a new process; what the first run did, in memory
        String second = publishedPost("After the restart");
        awaitListed(second);
        assertThat(runner.counts().repeats() - before.repeats()).as("nothing before the checkpoint was read again").isZero();
        assertThat(runner.counts().applied() - before.applied()).as("only the new post's two events").isEqualTo(2);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void rebuild_read_model_builds_it_again_from_the_events(String store) throws Exception {
        start(store, false, false);
        String id = publishedPost("Rebuilt");
        awaitListed(id);
        stop();

        start(store, true, true);

        awaitListed(id);
        assertThat(injector.getInstance(ProjectionRunner.class).counts().applied())
                .as("the post's events were applied again, from the store").isGreaterThanOrEqualTo(2);
    }
}
