package dev.escqrs.example.blogpost;

import static dev.escqrs.core.privacy.PersonalData.ERASED;
import static dev.escqrs.example.blogpost.ServiceUnderTest.assertError;
import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.testkit.contract.Eventually;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Authors over HTTP, on both stores: an author sets their own profile (personal data: the name is shown to everyone,
 * the email to the author only), and an operator forgets an author, after which every read shows the profile erased,
 * the read model holds no copy of it, and no table (or, in memory, nothing the store and read model hold) contains it.
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
        return bearer(auth.developmentToken(actor), more);
    }

    private String[] operator(String actor) {
        return bearer(auth.developmentToken(actor, Authentication.OPERATOR_ROLE));
    }

    private static String[] bearer(String token, String... more) {
        String[] headers = new String[2 + more.length];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
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
            assertThat(json(service.send("GET", "/authors/alice", null, as("bob")))
                            .has("email"))
                    .as("bob does not see alice's email")
                    .isFalse();
            assertThat(json(service.send("GET", "/authors/alice", null, as("alice")))
                            .get("email")
                            .asText())
                    .isEqualTo("alice@example.com");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void the_same_profile_again_writes_nothing_and_a_repeated_key_gets_the_first_answer(String store) {
            start(store);
            HttpResponse<String> first = service.send(
                    "PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice", "Idempotency-Key", "profile-1"));
            HttpResponse<String> replayed = service.send(
                    "PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice", "Idempotency-Key", "profile-1"));
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
            HttpResponse<String> bad = service.send(
                    "PUT",
                    "/authors/alice/profile",
                    "{\"name\": \"Alice\", \"email\": \"alice at example\"}",
                    as("alice"));
            assertError(bad, 400, "invalid_profile");
            assertThat(bad.body()).as("the refusal does not repeat the address").doesNotContain("alice at example");
            assertError(
                    service.send("PUT", "/authors/alice/profile", "{\"name\": \"Alice\"}", as("alice")),
                    400,
                    "invalid_profile");
            assertError(
                    service.send(
                            "PUT",
                            "/authors/alice/profile",
                            "{\"name\": \"Alice\", \"email\": \"alice@example.com\", \"phone\": \"1\"}",
                            as("alice")),
                    400,
                    "invalid_json");
            assertError(service.send("GET", "/authors/alice", null), 404, "not_found");
            HttpResponse<String> post = service.send("POST", "/authors/alice/profile", ALICE_PROFILE, as("alice"));
            assertError(post, 405, "method_not_allowed");
            assertThat(post.headers().firstValue("Allow")).contains("PUT");
        }
    }

    @Nested
    class Forget {
        static final String ALICE_NAME = "Alice Example";
        static final String ALICE_EMAIL = "alice@example.com";

        /** Alice and Bob with a profile and a published post each, listed with their names. */
        private void aliceAndBob() {
            assertThat(service.send("PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.send(
                                    "PUT",
                                    "/authors/bob/profile",
                                    "{\"name\": \"Bob Example\", \"email\": \"bob@example.com\"}",
                                    as("bob"))
                            .statusCode())
                    .isEqualTo(200);
            for (String author : List.of("alice", "bob")) {
                String id = service.created("By " + author, as(author));
                assertThat(service.send("POST", "/posts/" + id + "/publish", null, as(author, "If-Match", "\"1\""))
                                .statusCode())
                        .isEqualTo(200);
            }
            Eventually.await("both posts listed with their authors' names", () -> {
                String list = service.send("GET", "/posts?published=true", null).body();
                return list.contains(ALICE_NAME) && list.contains("Bob Example");
            });
            Eventually.await(
                    "the workflow to count both posts",
                    () -> List.of("alice", "bob").stream()
                            .allMatch(a -> json(service.send("GET", "/authors/" + a, null))
                                            .get("publishedPosts")
                                            .asLong()
                                    == 1));
        }

        /** The names of the listed posts' authors, by author id. */
        private Map<String, String> listedNames() {
            Map<String, String> names = new TreeMap<>();
            json(service.send("GET", "/posts?published=true", null))
                    .forEach(post -> names.put(
                            post.get("authorId").asText(),
                            post.path("authorName").asText("(none)")));
            return names;
        }

        /** Everything the service stores, read raw: every item of every table of the test, or the memory's. */
        private String everythingStored(String store) {
            if (store.equals("memory")) {
                return service.injector().getInstance(InMemoryEventStore.class).storedText() + "\n"
                        + ((InMemoryPublishedPosts) service.injector().getInstance(PublishedPosts.class)).storedText();
            }
            DynamoDbClient client = service.injector().getInstance(DynamoDbClient.class);
            List<String> tables = client.listTablesPaginator().tableNames().stream()
                    .filter(table -> table.startsWith(service.tablePrefix()))
                    .toList();
            assertThat(tables)
                    .as("every table of the service, the keys' too")
                    .containsExactlyInAnyOrderElementsOf(Stream.of(
                                    "events",
                                    "BlogPost",
                                    "Author",
                                    "checkpoints",
                                    "events-index",
                                    "events-keys",
                                    "published-posts",
                                    "author-stats")
                            .map(t -> service.tablePrefix() + t)
                            .toList());
            StringBuilder stored = new StringBuilder();
            for (String table : tables) {
                client.scanPaginator(b -> b.tableName(table).consistentRead(true))
                        .items()
                        .forEach(item ->
                                stored.append(table).append(' ').append(item).append('\n'));
            }
            return stored.toString();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void an_operator_forgets_an_author_and_nothing_shows_or_holds_their_profile_any_more(String store) {
            start(store);
            aliceAndBob();
            assertThat(everythingStored(store))
                    .as("the read model's copy of the name, before")
                    .contains(ALICE_NAME)
                    .doesNotContain(ALICE_EMAIL);

            HttpResponse<String> forgotten = service.send("DELETE", "/authors/alice", null, operator("olivia"));

            assertThat(forgotten.statusCode()).as(forgotten.body()).isEqualTo(204);
            JsonNode alice = json(service.send("GET", "/authors/alice", null, as("alice")));
            assertThat(alice.get("name").asText()).isEqualTo(ERASED);
            assertThat(alice.get("email").asText()).isEqualTo(ERASED);
            assertThat(alice.get("forgotten").asBoolean()).isTrue();
            assertThat(alice.get("publishedPosts").asLong())
                    .as("what is not personal stays")
                    .isEqualTo(1);
            Eventually.await(
                    "the read model to drop alice's name",
                    () -> listedNames().equals(Map.of("alice", ERASED, "bob", "Bob Example")));
            String stored = everythingStored(store);
            assertThat(stored).doesNotContain(ALICE_NAME, ALICE_EMAIL);
            assertThat(stored)
                    .as("the read model's copy of another author's name")
                    .contains("Bob Example");
            JsonNode bob = json(service.send("GET", "/authors/bob", null, as("bob")));
            assertThat(bob.get("name").asText()).isEqualTo("Bob Example");
            assertThat(bob.get("email").asText()).isEqualTo("bob@example.com");
            assertThat(json(service.send(
                                    "GET",
                                    "/posts/"
                                            + json(service.send("GET", "/posts?published=true", null))
                                                    .get(0)
                                                    .get("id")
                                                    .asText(),
                                    null))
                            .get("title")
                            .asText())
                    .as("posts read as before")
                    .startsWith("By ");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void forgetting_again_changes_nothing_and_a_forgotten_author_cannot_set_a_profile(String store) {
            start(store);
            assertThat(service.send("PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.send("DELETE", "/authors/alice", null, operator("olivia"))
                            .statusCode())
                    .isEqualTo(204);
            String version = json(service.send("GET", "/authors/alice", null))
                    .get("version")
                    .asText();

            assertThat(service.send("DELETE", "/authors/alice", null, operator("oscar"))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(json(service.send("GET", "/authors/alice", null))
                            .get("version")
                            .asText())
                    .as("no second event")
                    .isEqualTo(version);
            assertError(
                    service.send("PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice")), 409, "author_forgotten");
            assertThat(service.send("DELETE", "/authors/nobody", null, operator("olivia"))
                            .statusCode())
                    .as("an id with no data is forgotten too")
                    .isEqualTo(204);
            assertThat(json(service.send("GET", "/authors/nobody", null))
                            .get("forgotten")
                            .asBoolean())
                    .isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void only_an_operator_forgets_an_author(String store) {
            start(store);
            assertThat(service.send("PUT", "/authors/alice/profile", ALICE_PROFILE, as("alice"))
                            .statusCode())
                    .isEqualTo(200);

            HttpResponse<String> author = service.send("DELETE", "/authors/alice", null, as("alice"));
            assertError(author, 403, "forbidden");
            assertThat(json(author).get("detail").asText()).contains("alice is not an operator");
            assertError(service.send("DELETE", "/authors/alice", null, "X-Actor-Id", "olivia"), 403, "forbidden");
            assertError(service.send("DELETE", "/authors/alice", null), 401, "unauthenticated");
            assertError(
                    service.send(
                            "DELETE",
                            "/authors/alice",
                            null,
                            bearer(Authentication.development()
                                    .developmentToken("olivia", Authentication.OPERATOR_ROLE))),
                    401,
                    "invalid_token");

            assertThat(json(service.send("GET", "/authors/alice", null))
                            .get("name")
                            .asText())
                    .isEqualTo(ALICE_NAME);
            assertThat(service.send(
                                    "PUT",
                                    "/authors/alice/profile",
                                    "{\"name\": \"Alice Renamed\", \"email\": \"alice@example.com\"}",
                                    as("alice"))
                            .statusCode())
                    .as("still an author with a key")
                    .isEqualTo(200);
        }
    }
}
