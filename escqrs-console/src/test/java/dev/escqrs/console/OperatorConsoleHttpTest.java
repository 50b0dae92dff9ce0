package dev.escqrs.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The console over plain HTTP, against a runner that runs elsewhere (known from its {@link Parking} only): who may
 * see and act, and that no state change gets through without the session's form token from the console's own page.
 */
class OperatorConsoleHttpTest {
    static final String OPERATOR = "operator-token";
    static final String READER = "reader-token";
    static final String RUNNER = "published-posts";
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final Parking parking = Parking.inMemory();
    final HttpClient http = HttpClient.newHttpClient();
    OperatorConsole console;

    @BeforeEach
    void start() {
        parking.save(new ParkedAggregate(
                RUNNER,
                "BlogPost",
                "post-1",
                new ParkedAggregate.ParkedEvent(1, "01EVENT", "BlogPostCreated", "{\"title\":\"<b>bold</b>\"}"),
                3,
                new ParkedAggregate.Failure("INTERNAL", "java.lang.IllegalStateException", "<script>alert(1)</script>"),
                1,
                Instant.parse("2026-12-01T10:00:00Z"),
                Instant.parse("2026-12-01T10:00:00Z"),
                Optional.empty(),
                Optional.empty()));
        console = OperatorConsole.builder()
                .parking(parking)
                .remoteRunner("author-stats")
                .port(0)
                .authenticator(token -> switch (token) {
                    case OPERATOR -> new ConsoleAuthenticator.Verdict.Operator("olivia");
                    case READER -> new ConsoleAuthenticator.Verdict.NotAnOperator("rita");
                    default -> new ConsoleAuthenticator.Verdict.Refused("unknown token");
                })
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        console.close();
    }

    @Nested
    class Who {
        @Test
        void binds_loopback_unless_told() {
            assertThat(console.address().getAddress().isLoopbackAddress()).isTrue();
        }

        @Test
        void without_a_token_is_401_with_the_login_form() {
            HttpResponse<String> response = send(get("/"));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.body())
                    .contains("<form method=\"post\" action=\"/login\"")
                    .doesNotContain("post-1");
        }

        @Test
        void with_a_token_that_does_not_verify_is_401() {
            assertThat(send(get("/").header("Authorization", "Bearer forged")).statusCode())
                    .isEqualTo(401);
            assertThat(send(get("/").header("Cookie", OperatorConsole.SESSION_COOKIE + "=forged"))
                            .statusCode())
                    .isEqualTo(401);
        }

        @Test
        void with_a_valid_token_without_the_operator_role_is_403() {
            HttpResponse<String> response = send(get("/").header("Authorization", "Bearer " + READER));
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("rita is not an operator").doesNotContain("post-1");
            assertThat(send(form("/login", "token=" + READER)).statusCode()).isEqualTo(403);
        }

        @Test
        void an_operator_sees_every_runner_and_its_parked_aggregates() {
            HttpResponse<String> response = send(get("/").header("Authorization", "Bearer " + OPERATOR));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains(
                            "data-runner=\"published-posts\"",
                            "data-runner=\"author-stats\"",
                            "data-aggregate-id=\"post-1\"",
                            "BlogPostCreated",
                            "01EVENT",
                            "olivia");
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
        }

        @Test
        void escapes_what_comes_from_data() {
            String body =
                    send(get("/").header("Authorization", "Bearer " + OPERATOR)).body();
            assertThat(body)
                    .doesNotContain("<script>alert(1)</script>", "<b>bold</b>")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;");
        }

        @Test
        void the_login_form_sets_an_http_only_same_site_strict_cookie() {
            HttpResponse<String> response = send(form("/login", "token=" + OPERATOR));
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(response.headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(cookie -> assertThat(cookie)
                            .startsWith(OperatorConsole.SESSION_COOKIE + "=" + OPERATOR + ";")
                            .contains("HttpOnly", "SameSite=Strict", "Path=/"));
            assertThat(send(form("/login", "token=nonsense")).statusCode()).isEqualTo(401);
        }
    }

    @Nested
    class StateChanges {
        @Test
        void a_post_with_the_session_form_token_asks_the_runner_through_its_parking() {
            HttpResponse<String> response =
                    send(form("/runners/" + RUNNER + "/retry", "csrf=" + csrf() + "&type=BlogPost&id=post-1")
                            .header("Cookie", session()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
            assertThat(parking.find(RUNNER, "BlogPost", "post-1").flatMap(ParkedAggregate::request))
                    .hasValueSatisfying(request -> {
                        assertThat(request.action()).isEqualTo(ParkedAggregate.Action.RETRY);
                        assertThat(request.by()).isEqualTo("olivia");
                    });
        }

        @Test
        void a_skip_records_the_operator_and_the_reason() {
            send(form(
                            "/runners/" + RUNNER + "/skip",
                            "csrf=" + csrf() + "&type=BlogPost&id=post-1&reason="
                                    + URLEncoder.encode("bad data from release 1.2", StandardCharsets.UTF_8))
                    .header("Cookie", session()));
            assertThat(parking.find(RUNNER, "BlogPost", "post-1").flatMap(ParkedAggregate::request))
                    .hasValueSatisfying(request -> {
                        assertThat(request.action()).isEqualTo(ParkedAggregate.Action.SKIP);
                        assertThat(request.by()).isEqualTo("olivia");
                        assertThat(request.reason()).isEqualTo("bad data from release 1.2");
                    });
        }

        @Test
        void a_post_without_the_form_token_is_refused() {
            HttpResponse<String> response = send(form("/runners/" + RUNNER + "/retry", "type=BlogPost&id=post-1")
                    .header("Cookie", session()));
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("form&#39;s token is missing or stale");
            assertNothingAsked();
        }

        @Test
        void a_post_with_another_session_form_token_is_refused() {
            HttpResponse<String> response =
                    send(form("/runners/" + RUNNER + "/retry", "csrf=" + csrf() + "x&type=BlogPost&id=post-1")
                            .header("Cookie", session()));
            assertThat(response.statusCode()).isEqualTo(403);
            assertNothingAsked();
        }

        @Test
        void a_post_from_another_site_is_refused_even_with_the_form_token() {
            String csrf = csrf();
            assertThat(send(form("/runners/" + RUNNER + "/retry", "csrf=" + csrf + "&type=BlogPost&id=post-1")
                                    .header("Cookie", session())
                                    .header("Origin", "http://evil.example"))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send(form("/runners/" + RUNNER + "/retry", "csrf=" + csrf + "&type=BlogPost&id=post-1")
                                    .header("Cookie", session())
                                    .header("Sec-Fetch-Site", "cross-site"))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send(form("/login", "token=" + OPERATOR).header("Origin", "http://evil.example"))
                            .statusCode())
                    .isEqualTo(403);
            assertNothingAsked();
        }

        @Test
        void a_get_changes_nothing() {
            assertThat(send(get("/runners/" + RUNNER + "/retry?type=BlogPost&id=post-1")
                                    .header("Cookie", session()))
                            .statusCode())
                    .isIn(404, 405);
            assertNothingAsked();
        }

        @Test
        void a_post_without_a_session_is_401() {
            assertThat(send(form("/runners/" + RUNNER + "/retry", "csrf=" + csrf() + "&type=BlogPost&id=post-1"))
                            .statusCode())
                    .isEqualTo(401);
            assertNothingAsked();
        }

        @Test
        void a_skip_needs_a_reason() {
            send(form("/runners/" + RUNNER + "/skip", "csrf=" + csrf() + "&type=BlogPost&id=post-1&reason=+")
                    .header("Cookie", session()));
            assertNothingAsked();
        }

        private void assertNothingAsked() {
            assertThat(parking.find(RUNNER, "BlogPost", "post-1").flatMap(ParkedAggregate::request))
                    .isEmpty();
        }
    }

    static String session() {
        return OperatorConsole.SESSION_COOKIE + "=" + OPERATOR;
    }

    String csrf() {
        String page = send(get("/").header("Cookie", session())).body();
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a form token on the page").isTrue();
        return m.group(1);
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(console.uri().resolve(path)).GET();
    }

    HttpRequest.Builder form(String path, String body) {
        return HttpRequest.newBuilder(console.uri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
