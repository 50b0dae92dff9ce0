package dev.escqrs.example.blogpost;

import static dev.escqrs.example.blogpost.ServiceUnderTest.assertError;
import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.testkit.contract.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an attacker or a sloppy client sends, on both stores: every answer is a problem detail, limits hold, HEAD works
 * wherever GET does, unfinished requests are dropped within the idle timeout, and every request is in the access log.
 */
class HttpLimitsTest {
    /** The server's idle timeout (5 s) and some slack for a busy machine. */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(9);

    private ServiceUnderTest service;

    @AfterEach
    void stop() throws Exception {
        service.close();
    }

    private void start(String store) {
        service = new ServiceUnderTest(store, Authentication.development(), getClass());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void bodies_urls_and_headers_over_the_limits_are_json_413_414_431(String store) throws Exception {
        start(store);
        String big = "{\"title\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertError(service.send("POST", "/posts", big, "X-Actor-Id", "alice"), 413, "too_large");
        assertError(service.send("GET", "/posts/" + "a".repeat(9 * 1024), null), 414, "uri_too_long");
        assertError(service.send("GET", "/posts/x", null, "X-Padding", "p".repeat(9 * 1024)), 431, "headers_too_large");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add("X-Header-" + i);
            many.add("value " + i);
        }
        assertError(service.send("GET", "/posts/x", null, many.toArray(String[]::new)), 431, "headers_too_large");
        // a megabyte of header over a raw socket: answered, not dropped
        String megabyte = raw("GET /posts/x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(1 << 20) + "\r\n\r\n");
        assertThat(megabyte)
                .startsWith("HTTP/1.1 431 ")
                .contains("Content-Type: application/problem+json")
                .contains("\"type\":\"https://escqrs.dev/problems/headers-too-large\"")
                .contains("\"error\":\"headers_too_large\"");
        assertThat(service.send("GET", "/posts?published=true", null).statusCode())
                .as("still serving")
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void malformed_requests_and_wrong_media_types_are_json_errors(String store) throws Exception {
        start(store);
        assertError(
                service.send(
                        "POST",
                        "/posts",
                        "title=Hello",
                        "X-Actor-Id",
                        "alice",
                        "Content-Type",
                        "application/x-www-form-urlencoded"),
                415,
                "unsupported_media_type");
        assertError(
                service.send(
                        "POST", "/posts", "{\"title\": \"x\"}", "X-Actor-Id", "alice", "Content-Type", "text/plain"),
                415,
                "unsupported_media_type");
        assertThat(service.send(
                                "POST",
                                "/posts",
                                "{\"title\": \"x\"}",
                                "X-Actor-Id",
                                "alice",
                                "Content-Type",
                                "Application/JSON; charset=utf-8")
                        .statusCode())
                .isEqualTo(201);

        String badLength =
                raw("POST /posts HTTP/1.1\r\nHost: localhost\r\nX-Actor-Id: a\r\nContent-Type: application/json\r\n"
                        + "Content-Length: abc\r\n\r\n{}");
        assertThat(badLength)
                .startsWith("HTTP/1.1 400 ")
                .contains("Content-Type: application/problem+json")
                .contains("\"type\":\"https://escqrs.dev/problems/bad-request\"")
                .contains("\"error\":\"bad_request\"");
        String badEscape = raw("GET /posts/%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(badEscape)
                .startsWith("HTTP/1.1 400 ")
                .contains("application/problem+json")
                .contains("\"error\":");
        String preconditionRequired = raw("POST /posts/x/publish HTTP/1.1\r\nHost: localhost\r\nX-Actor-Id: a\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(preconditionRequired).startsWith("HTTP/1.1 428 Precondition Required\r\n");

        HttpResponse<String> plus = service.send("GET", "/posts/a+b", null);
        assertError(plus, 404, "not_found");
        assertThat(json(plus).get("message").asText())
                .as("a + in a path is a plus")
                .contains("a+b");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void head_answers_wherever_get_does_with_its_headers_and_no_body(String store) {
        start(store);
        String id = service.created("Hello");
        for (String path :
                List.of("/posts/" + id, "/posts/" + id + "/events", "/posts?published=true", "/health", "/metrics")) {
            HttpResponse<String> get = service.send("GET", path, null);
            HttpResponse<String> head = service.send("HEAD", path, null);
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Type"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValue("ETag"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("ETag"));
        }
        assertThat(service.send("HEAD", "/posts/nope", null).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void two_hundred_requests_that_never_finish_their_body_are_closed_within_the_timeout(String store)
            throws Exception {
        start(store);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("127.0.0.1", service.port());
                socket.setSoTimeout((int) CLOSED_WITHIN.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /posts HTTP/1.1\r\nHost: localhost\r\nX-Actor-Id: mallory\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{\"title\": \"")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            assertThat(service.send("GET", "/health", null).statusCode())
                    .as("serves others meanwhile")
                    .isEqualTo(200);

            for (Socket socket : slow) {
                String answer;
                try {
                    answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError(
                            "a connection with an unfinished body was still open after " + CLOSED_WITHIN);
                }
                assertThat(answer)
                        .as("closed, at most after a problem detail: " + answer)
                        .satisfiesAnyOf(
                                a -> assertThat(a).isEmpty(),
                                a -> assertThat(a).startsWith("HTTP/1.1 4").contains("application/problem+json"));
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        assertThat(service.send("GET", "/posts?published=true", null).body())
                .as("nothing of theirs was written")
                .isEqualTo("[]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void every_request_writes_one_json_access_log_line(String store) throws Exception {
        start(store);
        // Jetty writes a line after its response has gone out, so each request waits for the line before it: the
        // order of the lines is then the order of the requests, also on a busy machine
        String id = service.created("Hello");
        Eventually.await("one access log line", () -> service.accessLog().size() >= 1);
        service.send("GET", "/posts/" + id, null);
        Eventually.await("two access log lines", () -> service.accessLog().size() >= 2);
        service.send("GET", "/posts/x", null, "X-Padding", "p".repeat(9 * 1024));
        Eventually.await("three access log lines", () -> service.accessLog().size() >= 3);
        raw("GET /posts/%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Eventually.await("four access log lines", () -> service.accessLog().size() >= 4);
        List<JsonNode> lines =
                service.accessLog().stream().map(ServiceUnderTest::json).toList();
        assertThat(lines).as(service.accessLog().toString()).hasSize(4);
        assertThat(lines).extracting(l -> l.get("status").asInt()).containsExactly(201, 200, 431, 400);
        assertThat(lines).extracting(l -> l.get("method").asText()).startsWith("POST", "GET", "GET");
        JsonNode create = lines.getFirst();
        assertThat(create.get("path").asText()).isEqualTo("/posts");
        assertThat(create.get("actor").asText()).isEqualTo("alice");
        assertThat(create.get("remote").asText()).isEqualTo("127.0.0.1");
        assertThat(create.get("bytes").asLong()).isPositive();
        assertThat(create.get("ms").asLong()).isNotNegative();
        assertThat(create.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(lines.get(1).has("actor")).as("reads are anonymous").isFalse();
    }

    /** Sends bytes as they are over a new connection and returns what comes back until the server closes it. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout((int) CLOSED_WITHIN.toMillis());
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server answered and closed before it read everything (a megabyte of header)
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(answer);
            } catch (IOException e) {
                // a reset after the answer (the server closed a connection it had not read to the end)
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
