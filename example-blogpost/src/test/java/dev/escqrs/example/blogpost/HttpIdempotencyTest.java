package dev.escqrs.example.blogpost;

import static dev.escqrs.example.blogpost.ServiceUnderTest.assertError;
import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.example.blogpost.http.Authentication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Idempotency-Key} on every write, over a real socket, on the in-memory store and on DynamoDB (moto). */
class HttpIdempotencyTest {
    private ServiceUnderTest service;

    private void start(String store) {
        service = new ServiceUnderTest(store, Authentication.development(), getClass());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) {
        return service.send(method, path, body, headers);
    }

    private int events(String id) {
        return json(send("GET", "/posts/" + id + "/events", null)).size();
    }

    private static void assertSameResponse(HttpResponse<String> again, HttpResponse<String> first) {
        assertThat(again.statusCode()).isEqualTo(first.statusCode());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(again.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void a_retried_create_gets_the_first_response_and_creates_one_post(String store) {
        start(store);
        HttpResponse<String> first = send(
                "POST",
                "/posts",
                "{\"title\": \"Hello\"}",
                "X-Actor-Id",
                "alice",
                "Idempotency-Key",
                "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
        HttpResponse<String> again = send(
                "POST",
                "/posts",
                "{\"title\": \"Hello\"}",
                "X-Actor-Id",
                "alice",
                "Idempotency-Key",
                "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertSameResponse(again, first);
        assertThat(events(json(first).get("id").asText())).isEqualTo(1);
        assertThat(send("GET", "/metrics", null).body())
                .as("metrics count the replay")
                .contains("command=\"CreateBlogPost\",outcome=\"replayed\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void a_retried_change_gets_the_first_response_even_after_later_changes(String store) {
        start(store);
        String id = service.created("Hello");
        HttpResponse<String> first = send(
                "PUT",
                "/posts/" + id + "/title",
                "{\"title\": \"World\"}",
                "X-Actor-Id",
                "alice",
                "If-Match",
                "\"1\"",
                "Idempotency-Key",
                "rename-1");
        HttpResponse<String> publish = send(
                "POST",
                "/posts/" + id + "/publish",
                null,
                "X-Actor-Id",
                "alice",
                "If-Match",
                "\"2\"",
                "Idempotency-Key",
                "publish-1");

        HttpResponse<String> again = send(
                "PUT",
                "/posts/" + id + "/title",
                "{\"title\": \"World\"}",
                "X-Actor-Id",
                "alice",
                "If-Match",
                "\"1\"",
                "Idempotency-Key",
                "rename-1");
        HttpResponse<String> publishAgain = send(
                "POST",
                "/posts/" + id + "/publish",
                null,
                "X-Actor-Id",
                "alice",
                "If-Match",
                "\"2\"",
                "Idempotency-Key",
                "publish-1");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertSameResponse(again, first);
        assertSameResponse(publishAgain, publish);
        assertThat(events(id)).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void the_same_key_with_another_body_is_422_and_writes_nothing(String store) {
        start(store);
        String id = service.created("Hello");
        send(
                "PUT",
                "/posts/" + id + "/title",
                "{\"title\": \"World\"}",
                "X-Actor-Id",
                "alice",
                "If-Match",
                "\"1\"",
                "Idempotency-Key",
                "rename-1");

        HttpResponse<String> other = send(
                "PUT",
                "/posts/" + id + "/title",
                "{\"title\": \"Moon\"}",
                "X-Actor-Id",
                "alice",
                "If-Match",
                "\"1\"",
                "Idempotency-Key",
                "rename-1");
        HttpResponse<String> otherCreate =
                send("POST", "/posts", "{\"title\": \"Other\"}", "X-Actor-Id", "alice", "Idempotency-Key", "create-1");
        HttpResponse<String> otherCreateAgain = send(
                "POST", "/posts", "{\"title\": \"Different\"}", "X-Actor-Id", "alice", "Idempotency-Key", "create-1");

        assertError(other, 422, "idempotency_key_reused");
        assertThat(json(other).get("message").asText()).contains("send a new key");
        assertThat(json(other).get("aggregate").asText()).isEqualTo("BlogPost");
        assertThat(json(other).get("aggregateId").asText()).isEqualTo(id);
        assertThat(json(other).get("retryable").asBoolean()).isFalse();
        assertThat(otherCreate.statusCode()).isEqualTo(201);
        assertError(otherCreateAgain, 422, "idempotency_key_reused");
        assertThat(events(id)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void keys_are_scoped_to_the_actor(String store) {
        start(store);
        HttpResponse<String> alices =
                send("POST", "/posts", "{\"title\": \"Hello\"}", "X-Actor-Id", "alice", "Idempotency-Key", "k-1");
        HttpResponse<String> bobs =
                send("POST", "/posts", "{\"title\": \"Hello\"}", "X-Actor-Id", "bob", "Idempotency-Key", "k-1");

        assertThat(bobs.statusCode()).isEqualTo(201);
        assertThat(bobs.headers().firstValue("Idempotent-Replayed"))
                .as("not alice's response")
                .isEmpty();
        assertThat(json(bobs).get("id").asText())
                .isNotEqualTo(json(alices).get("id").asText());
        assertThat(json(bobs).get("authorId").asText()).isEqualTo("bob");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory"})
    void an_over_long_empty_or_non_ascii_key_is_400_and_writes_nothing(String store) {
        start(store);
        assertError(
                send(
                        "POST",
                        "/posts",
                        "{\"title\": \"Hello\"}",
                        "X-Actor-Id",
                        "alice",
                        "Idempotency-Key",
                        "k".repeat(256)),
                400,
                "invalid_idempotency_key");
        assertError(
                send("POST", "/posts", "{\"title\": \"Hello\"}", "X-Actor-Id", "alice", "Idempotency-Key", "\"\""),
                400,
                "invalid_idempotency_key");
        HttpResponse<String> tooLong = send(
                "POST", "/posts", "{\"title\": \"Hello\"}", "X-Actor-Id", "alice", "Idempotency-Key", "k".repeat(300));
        assertThat(json(tooLong).get("message").asText()).contains("at most 255");
        assertThat(send("GET", "/metrics", null).body())
                .as("no command ran")
                .doesNotContain("escqrs_commands_seconds_count{aggregate=\"BlogPost\"");
    }
}
