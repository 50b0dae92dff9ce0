package com.example.posts;

import dev.escqrs.spring.boot.EscqrsProjections;
import dev.escqrs.testkit.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API over real HTTP, as a client sees it; {@link PostsOnMemoryTest} and {@link PostsOnDynamoDbTest} run it on
 * each store. Every title is new, so tests that share a store do not see each other's posts.
 */
abstract class PostsApi {
    static final String USER = "alice";
    static final String PASSWORD = "test-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;
    @Autowired
    EscqrsProjections projections;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_retried_create_gets_the_first_answer() throws Exception {
        String key = "create-" + UUID.randomUUID();
        String body = "{\"title\":\"" + title() + "\"}";
        HttpResponse<String> first = send(post("/posts", body).header("Idempotency-Key", key));
        HttpResponse<String> again = send(post("/posts", body).header("Idempotency-Key", key));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void publishing_needs_the_version_the_client_saw() throws Exception {
        String location = create(title());

        HttpResponse<String> withoutIfMatch = send(post(location + "/publish", ""));
        HttpResponse<String> stale = send(post(location + "/publish", "").header("If-Match", "\"7\""));
        HttpResponse<String> current = send(post(location + "/publish", "").header("If-Match", "\"1\""));

        assertThat(withoutIfMatch.statusCode()).isEqualTo(428);
        assertThat(json(withoutIfMatch).get("type").asString()).endsWith("/precondition-required");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(stale);
        assertThat(problem.get("type").asString()).isEqualTo("https://escqrs.dev/problems/version-mismatch");
        assertThat(problem.get("expectedVersion").asLong()).isEqualTo(7);
        assertThat(problem.get("actualVersion").asLong()).isEqualTo(1);
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(json(current).get("published").asBoolean()).isTrue();
    }

    @Test
    void a_published_post_reaches_the_read_model_and_is_counted_once_on_its_authors_profile() throws Exception {
        String title = title();
        String location = create(title);
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(send(post(location + "/publish", "").header("If-Match", "\"1\"")).statusCode()).isEqualTo(200);

        assertThat(projections.running("published-titles").orElseThrow()
                .awaitApplied(Posts.POST, id, 2, Duration.ofSeconds(30))).isTrue();
        JsonNode published = json(send(get("/posts/published")));
        assertThat(published.valueStream().map(JsonNode::asString)).contains(title);
        // every published post is alice's, and the reaction counts each once (a ledger on the store)
        Eventually.await("alice's profile counts each published post once", () -> {
            long count = json(send(get("/authors/" + USER))).get("publishedPosts").asLong();
            return count == json(send(get("/posts/published"))).size();
        });
    }

    @Test
    void errors_are_problem_details() throws Exception {
        HttpResponse<String> missing = send(get("/posts/01JZZZZZZZZZZZZZZZZZZZZZZZ"));
        HttpResponse<String> blank = send(HttpRequest.newBuilder(uri("/posts")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"\"}")).header(
                "Authorization", basic(USER, PASSWORD)));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("type").asString()).isEqualTo("https://escqrs.dev/problems/not-found");
        assertThat(blank.statusCode()).isEqualTo(409);
        assertThat(json(blank).get("detail").asString()).contains("a post needs a title");
    }

    @Test
    void a_caller_without_credentials_is_refused() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/posts/published")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private String create(String title) throws Exception {
        HttpResponse<String> created = send(post("/posts", "{\"title\":\"" + title + "\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow();
    }

    private static String title() {
        return "Post " + UUID.randomUUID();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", basic(USER, PASSWORD)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
