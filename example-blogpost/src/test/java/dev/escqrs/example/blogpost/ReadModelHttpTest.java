package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.app.ReadModel;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.http.BlogPostHttpServer;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The published-posts read model over HTTP, on both stores (on DynamoDB from the change-feed index, with the indexer in
 * the service): it survives a restart (resuming at its checkpoint, with no replay) and {@code --rebuild-read-model}
 * builds it again from the events; its checkpoint lives in its table, a replaced stream heals (on the Stream feed the
 * read model, on the index the indexer), the list pages, and a reader can wait for its own write. On DynamoDB a restart is a new
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

    private void start(String store, boolean rebuild, boolean newProcess, String... flags) throws Exception {
        // the in-memory store lives as long as its process, so there a restart is the service's runner and server
        if (injector == null || (newProcess && store.equals("dynamodb"))) {
            List<String> args = new ArrayList<>(
                    store.equals("memory")
                            ? List.of("--port", "0")
                            : List.of(
                                    "--store",
                                    "dynamodb",
                                    "--endpoint",
                                    DynamoDbTestServer.get().endpoint().toString(),
                                    "--table-prefix",
                                    prefix,
                                    "--port",
                                    "0"));
            args.addAll(List.of(flags));
            injector = Guice.createInjector(
                    new BlogPostModule(), StoreModules.of(Options.parse(args.toArray(String[]::new))));
        }
        running.add(injector.getInstance(InProcessIndexer.class).start()); // on DynamoDB: the runner reads the index
        ReadModel model = injector.getInstance(ReadModel.class).start(rebuild);
        running.add(model);
        readModel = model.running().orElseThrow();
        BlogPostHttpServer server = new BlogPostHttpServer(
                        injector.getInstance(BlogPostService.class),
                        Authentication.development(),
                        "127.0.0.1",
                        0,
                        line -> {})
                .start();
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
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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
        assertThat(send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "\"1\"")
                        .statusCode())
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
        Eventually.await(
                "the checkpoint to be saved past the post",
                () -> readModel.checkpoint().isPresent()
                        && injector.getInstance(ProjectionRunner.class).counts().applied() >= 2);
        stop();

        start(store, false, true);

        assertThat(list()).as("the rows survived the restart").contains(first);
        ProjectionRunner runner = injector.getInstance(ProjectionRunner.class);
        var before = runner.counts(); // zero for a new process; what the first run did, in memory
        String second = publishedPost("After the restart");
        awaitListed(second);
        assertThat(runner.counts().repeats() - before.repeats())
                .as("nothing before the checkpoint was read again")
                .isZero();
        assertThat(runner.counts().applied() - before.applied())
                .as("only the new post's two events")
                .isEqualTo(2);
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
                .as("the post's events were applied again, from the store")
                .isGreaterThanOrEqualTo(2);
    }

    @org.junit.jupiter.api.Test
    void on_dynamodb_the_checkpoint_lives_in_the_read_models_table_so_an_emptied_table_is_rebuilt_not_resumed()
            throws Exception {
        start("dynamodb", false, false);
        String id = publishedPost("Kept with its checkpoint");
        awaitListed(id);
        Eventually.await(
                "the checkpoint to be saved", () -> readModel.checkpoint().isPresent());
        stop();
        DynamoDbClient client = injector.getInstance(DynamoDbClient.class);
        String table = prefix + DynamoDbPublishedPosts.TABLE_SUFFIX;
        assertThat(client.getItem(b -> b.tableName(table)
                                .key(Map.of(
                                        "postId",
                                        AttributeValue.fromS(DynamoDbCheckpoints.KEY_PREFIX + PublishedPosts.NAME))))
                        .item())
                .as("the checkpoint item beside the rows")
                .containsKey("checkpoint");

        // an operator drops the read model's table (or restores an older copy): rows and checkpoint go together
        client.deleteTable(b -> b.tableName(table));
        client.waiter().waitUntilTableNotExists(b -> b.tableName(table));
        start("dynamodb", false, true);

        awaitListed(id);
        assertThat(injector.getInstance(ProjectionRunner.class).counts().applied())
                .as("built again from the store")
                .isGreaterThanOrEqualTo(2);
    }

    /** A restore from a backup: the same events in a table with a new stream, which no Stream position names. */
    private void restoreTheEventsTable() {
        DynamoDbClient client = injector.getInstance(DynamoDbClient.class);
        TableNames tables = TableNames.withPrefix(prefix);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(tables.eventsTable()).consistentRead(true))
                .items()
                .forEach(items::add);
        client.deleteTable(b -> b.tableName(tables.eventsTable()));
        client.waiter().waitUntilTableNotExists(b -> b.tableName(tables.eventsTable()));
        new DynamoDbTables(client, tables).createTables(List.of(BlogPosts.BLOG_POST.name()));
        items.forEach(
                item -> client.putItem(b -> b.tableName(tables.eventsTable()).item(item)));
    }

    @org.junit.jupiter.api.Test
    void on_the_stream_a_replaced_stream_is_healed_at_the_restart_and_health_and_metrics_say_so() throws Exception {
        start("dynamodb", false, false, "--feed", "stream");
        String before = publishedPost("Before the restore");
        awaitListed(before);
        Eventually.await(
                "the checkpoint to be saved", () -> readModel.checkpoint().isPresent());
        stop();

        restoreTheEventsTable();
        start("dynamodb", false, true, "--feed", "stream");

        String after = publishedPost("After the restore");
        awaitListed(after);
        assertThat(list()).contains(before);
        var health = ServiceUnderTest.json(send("GET", "/health", null));
        assertThat(health.get("readModel").get("heals").asLong()).isEqualTo(1);
        assertThat(send("GET", "/metrics", null).body())
                .contains("escqrs_projection_heals_total{projection=\"published-posts\",reason=\"stream_replaced\"} 1");
    }

    /** On the index, the indexer heals (it indexes what it lacks from the table); the read model's position holds. */
    @org.junit.jupiter.api.Test
    void on_the_index_a_replaced_stream_is_the_indexers_to_heal_and_the_read_model_resumes_without_a_replay()
            throws Exception {
        start("dynamodb", false, false);
        String before = publishedPost("Before the restore");
        awaitListed(before);
        Eventually.await(
                "the checkpoint to be saved", () -> readModel.checkpoint().isPresent());
        stop();

        restoreTheEventsTable();
        start("dynamodb", false, true);

        String after = publishedPost("After the restore");
        awaitListed(after);
        assertThat(list()).contains(before);
        assertThat(ServiceUnderTest.json(send("GET", "/health", null))
                        .get("readModel")
                        .get("heals")
                        .asLong())
                .as("the index keeps its positions")
                .isZero();
        ProjectionRunner runner = injector.getInstance(ProjectionRunner.class);
        assertThat(runner.counts().applied())
                .as("only the new post's two events")
                .isEqualTo(2);
        assertThat(injector.getInstance(InProcessIndexer.class)
                        .status()
                        .orElseThrow()
                        .heals())
                .as("the indexer met the new stream and healed from the table")
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void the_list_comes_in_pages_with_an_opaque_cursor_in_the_link_header(String store) throws Exception {
        start(store, false, false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publishedPost("Page post " + i));
            Thread.sleep(2); // publication times a millisecond apart, so that "newest first" has one answer
        }
        awaitListed(ids.getLast());
        Eventually.await("all five listed", () -> {
            try {
                return ids.stream().allMatch(id -> {
                    try {
                        return list().contains(id);
                    } catch (Exception e) {
                        return false;
                    }
                });
            } catch (RuntimeException e) {
                return false;
            }
        });

        List<String> seen = new ArrayList<>();
        String next = "/posts?published=true&limit=2";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = send("GET", next, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            var posts = ServiceUnderTest.json(page);
            assertThat(posts.size()).isLessThanOrEqualTo(2);
            posts.forEach(p -> seen.add(p.get("id").asText()));
            next = page.headers()
                    .firstValue("Link")
                    .map(l -> l.replaceAll("^<([^>]+)>; rel=\"next\"$", "$1"))
                    .orElse(null);
            pages++;
        }
        assertThat(seen).as("newest first, each once").containsExactlyElementsOf(ids.reversed());
        assertThat(pages).isEqualTo(3);
        assertThat(ServiceUnderTest.json(send("GET", "/posts?published=true", null))
                        .size())
                .as("the default page holds them all")
                .isEqualTo(5);

        ServiceUnderTest.assertError(send("GET", "/posts?published=true&cursor=bm9wZQ", null), 400, "invalid_cursor");
        ServiceUnderTest.assertError(send("GET", "/posts?published=true&limit=0", null), 400, "invalid_limit");
        ServiceUnderTest.assertError(send("GET", "/posts?published=true&limit=101", null), 400, "invalid_limit");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void wait_for_returns_a_list_that_holds_the_callers_own_write(String store) throws Exception {
        start(store, false, false);
        String id = publishedPost("Mine");

        HttpResponse<String> listed = send("GET", "/posts?published=true&waitFor=" + id + ":2", null);

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body())
                .as("no polling needed: the list waited for version 2")
                .contains(id);
        ServiceUnderTest.assertError(send("GET", "/posts?published=true&waitFor=" + id, null), 400, "invalid_wait_for");
        ServiceUnderTest.assertError(
                send("GET", "/posts?published=true&waitFor=" + id + ":0", null), 400, "invalid_wait_for");
        HttpResponse<String> never = send("GET", "/posts?published=true&waitFor=" + id + ":9", null);
        ServiceUnderTest.assertError(never, 503, "read_model_behind");
        assertThat(never.headers().firstValue("Retry-After")).contains("1");
    }
}
