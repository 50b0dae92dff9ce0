package dev.escqrs.example.blogpost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.example.blogpost.http.Authentication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.escqrs.example.blogpost.ServiceUnderTest.assertError;
import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authors over HTTP, on both stores: an author sets their own profile (personal data: the name is shown to everyone,
 * the email to the author only).
 */
class AuthorsHttpTest {
    static final String ALICE_PROFILE = "{\"name\": \"Alice Example\", \"email\": \"alice@example.com\"}";
    private Authentication auth;
    private ServiceUnderTest service;

    private void start(String store) {
        auth = Authentication.development();
        service = new ServiceUnderTest(store, auth, getClass());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private String[] as(String actor, String... more) {
        String[] headers = new String[2 + more.length];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + auth.developmentToken(actor);
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    @Nested
    class SetProfile {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void an_author_sets_their_profile_and_everyone_sees_the_name_but_only_they_see_the_email(String store) {
            start(store);
            HttpResponse<String> set = service.send("PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice"));

            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(set.headers().firstValue("ETag")).contains("\"1\"");
            assertThat(json(set).get("email").asText()).isEqualTo("alice@example.com");
            JsonNode anyone = json(service.send("GET", "/authors/alice", null));
            List<String> fields = new ArrayList<>();
            anyone.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("id", "version", "name", "forgotten", "publishedPosts", "updatedAt");
            assertThat(anyone.get("name").asText()).isEqualTo("Alice Example");
            assertThat(anyone.get("forgotten").asBoolean()).isFalse();
            assertThat(json(service.send("GET", "/authors/alice", null, as("bob"))).has("email"))
                    .as("bob does not see alice's email").isFalse();
            assertThat(json(service.send("GET", "/authors/alice", null, as("alice"))).get("email").asText())
                    .isEqualTo("alice@example.com");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void the_same_profile_again_writes_nothing_and_a_repeated_key_gets_the_first_answer(String store) {
            start(store);
            HttpResponse<String> first = service.send("PUT", "/authors/alice/profile", ALICE_PROFILE,
                    as("alice", "Idempotency-Key", "profile-1"));
            HttpResponse<String> replayed = service.send("PUT", "/authors/alice/profile", ALICE_PROFILE,
                    as("alice", "Idempotency-Key", "profile-1"));
            HttpResponse<String> same = service.send("PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice"));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(replayed.body()).isEqualTo(first.body());
            assertThat(same.headers().firstValue("ETag")).as("no new version").contains("\"1\"");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void only_the_author_sets_their_profile_and_it_must_be_one(String store) {
            start(store);
            assertError(service.send("PUT", "/authors/alice/profile", ALICE_PROFILE, as("bob")), 403, "forbidden");
            assertError(service.send("PUT", "/authors/alice/profile", ALICE_PROFILE), 401, "unauthenticated");
            HttpResponse<String> bad = service.send("PUT", "/authors/alice/profile",
                    "{\"name\": \"Alice\", \"email\": \"alice at example\"}", as("alice"));
            assertError(bad, 400, "invalid_profile");
            assertThat(bad.body()).as("the refusal does not repeat the address").doesNotContain("alice at example");
            assertError(service.send("PUT", "/authors/alice/profile", "{\"name\": \"Alice\"}", as("alice")), 400,
                    "invalid_profile");
            assertError(service.send("PUT", "/authors/alice/profile",
                    "{\"name\": \"Alice\", \"email\": \"alice@example.com\", \"phone\": \"1\"}", as("alice")), 400,
                    "invalid_json");
            assertError(service.send("GET", "/authors/alice", null), 404, "not_found");
            HttpResponse<String> post = service.send("POST", "/authors/alice/profile", ALICE_PROFILE, as("alice"));
            assertError(post, 405, "method_not_allowed");
            assertThat(post.headers().firstValue("Allow")).contains("PUT");
        }
    }
}
