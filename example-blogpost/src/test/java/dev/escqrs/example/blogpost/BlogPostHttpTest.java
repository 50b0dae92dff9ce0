package dev.escqrs.example.blogpost;

import static dev.escqrs.example.blogpost.ServiceUnderTest.assertError;
import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.testkit.contract.Eventually;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP service end to end, over a real socket, once on the in-memory store and once on DynamoDB (moto). */
class BlogPostHttpTest {
    private ServiceUnderTest service;

    /** Starts the service on {@code store}, wired as Main wires it, with development auth (X-Actor-Id trusted). */
    private void start(String store) {
        service = new ServiceUnderTest(store, Authentication.development(), getClass());
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) {
        return service.send(method, path, body, headers);
    }

    private String created(String title) {
        return service.created(title);
    }

    @Nested
    class Posts {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void create_read_change_publish_and_list(String store) throws Exception {
            start(store);
            HttpResponse<String> create = send("POST", "/posts", "{\"title\": \"  Hello  \"}", "X-Actor-Id", "alice");
            assertThat(create.statusCode()).isEqualTo(201);
            String id = json(create).get("id").asText();
            assertThat(create.headers().firstValue("Location")).contains("/posts/" + id);
            assertThat(create.headers().firstValue("ETag")).contains("\"1\"");
            assertThat(json(create).get("title").asText()).isEqualTo("Hello");

            HttpResponse<String> read = send("GET", "/posts/" + id, null);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
            JsonNode post = json(read);
            List<String> fields = new ArrayList<>();
            post.fieldNames().forEachRemaining(fields::add);
            assertThat(fields)
                    .containsExactly(
                            "id", "version", "title", "authorId", "published", "createdAt", "updatedAt", "actorId");
            assertThat(post.get("authorId").asText()).isEqualTo("alice");

            HttpResponse<String> renamed = send(
                    "PUT",
                    "/posts/" + id + "/title",
                    "{\"title\": \"World\"}",
                    "X-Actor-Id",
                    "alice",
                    "If-Match",
                    "\"1\"");
            assertThat(renamed.statusCode()).isEqualTo(200);
            assertThat(renamed.headers().firstValue("ETag")).contains("\"2\"");
            assertThat(json(renamed).get("actorId").asText()).isEqualTo("alice");

            HttpResponse<String> published =
                    send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "\"2\"");
            assertThat(published.statusCode()).isEqualTo(200);
            assertThat(json(published).get("published").asBoolean()).isTrue();

            HttpResponse<String> events = send("GET", "/posts/" + id + "/events", null);
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(json(events).findValuesAsText("eventName"))
                    .containsExactly("BlogPostCreated", "BlogPostTitleChanged", "BlogPostPublished");
            assertThat(json(events).findValues("aggregateVersion"))
                    .extracting(JsonNode::asLong)
                    .containsExactly(1L, 2L, 3L);

            Eventually.await("the published list to show the post", () -> {
                try {
                    return send("GET", "/posts?published=true", null).body().contains(id);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode list = json(send("GET", "/posts?published=true", null));
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("title").asText()).isEqualTo("World");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void health_and_prometheus_metrics(String store) throws Exception {
            start(store);
            HttpResponse<String> starting = send("GET", "/health", null);
            assertThat(starting.statusCode())
                    .as("building the read model is not being down")
                    .isEqualTo(200);
            assertThat(json(starting).get("status").asText()).isIn("up", "degraded");
            Eventually.await(
                    "the read model to catch up",
                    () -> json(send("GET", "/health", null))
                            .get("status")
                            .asText()
                            .equals("up"));
            JsonNode health = json(send("GET", "/health", null));
            assertThat(health.get("store").asText()).isEqualTo("up");
            assertThat(health.get("readModel").get("name").asText()).isEqualTo("published-posts");
            assertThat(health.get("readModel").get("phase").asText()).isEqualTo("tailing");
            assertThat(health.get("readModel").get("lagSeconds").asDouble()).isLessThan(30);
            if (store.equals("dynamodb")) { // the runners read the index, which this service's indexer writes
                JsonNode indexer = health.get("indexer");
                assertThat(indexer).as("the indexer run here: %s", health).isNotNull();
                assertThat(indexer.get("phase").asText()).isEqualTo("tailing");
                assertThat(indexer.get("healthy").asBoolean()).isTrue();
                assertThat(indexer.get("lagSeconds").asDouble()).isLessThan(30);
                assertThat(indexer.get("entries").asLong()).isNotNegative();
                assertThat(indexer.get("skippedRecords").asLong()).isZero();
                assertThat(indexer.has("lastFailure")).isFalse();
            } else {
                assertThat(health.has("indexer"))
                        .as("in memory the store is its own feed")
                        .isFalse();
            }

            String id = created("Hello");
            send(
                    "PUT",
                    "/posts/" + id + "/title",
                    "{\"title\": \"Again\"}",
                    "X-Actor-Id",
                    "alice",
                    "If-Match",
                    "\"7\"");
            send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "eve", "If-Match", "\"1\"");

            HttpResponse<String> metrics = send("GET", "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains(
                            "escqrs_commands_seconds_count{aggregate=\"BlogPost\",command=\"CreateBlogPost\",outcome=\"appended\"} 1")
                    .contains(
                            "escqrs_commands_seconds_count{aggregate=\"BlogPost\",command=\"ChangeTitle\",outcome=\"conflict\"} 1")
                    .contains(
                            "escqrs_commands_seconds_count{aggregate=\"BlogPost\",command=\"PublishBlogPost\",outcome=\"refused\"} 1")
                    .contains("escqrs_command_conflicts_total{aggregate=\"BlogPost\"} 1")
                    .contains("escqrs_commands_seconds_bucket{");
            Eventually.await(
                    "the read model to apply the post",
                    () -> send("GET", "/metrics", null)
                            .body()
                            .contains("escqrs_projection_events_applied_total{projection=\"published-posts\"} 1"));
            assertThat(send("GET", "/metrics", null).body())
                    .contains("escqrs_projection_lag_seconds{projection=\"published-posts\"}")
                    .contains("escqrs_projection_healthy{projection=\"published-posts\"}");
            if (store.equals("dynamodb")) {
                assertThat(metrics.body())
                        .contains(
                                "escqrs_store_requests_seconds_count{operation=\"TransactWriteItems\",outcome=\"ok\"}");
            } else {
                assertThat(metrics.body()).doesNotContain("escqrs_store_requests");
            }
            assertError(send("POST", "/metrics", null), 405, "method_not_allowed");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void optimistic_concurrency_and_missing_things(String store) throws Exception {
            start(store);
            String id = created("Hello");
            send(
                    "PUT",
                    "/posts/" + id + "/title",
                    "{\"title\": \"Second\"}",
                    "X-Actor-Id",
                    "alice",
                    "If-Match",
                    "\"1\"");

            HttpResponse<String> stale = send(
                    "PUT",
                    "/posts/" + id + "/title",
                    "{\"title\": \"Third\"}",
                    "X-Actor-Id",
                    "bob",
                    "If-Match",
                    "\"1\"");
            assertError(stale, 412, "version_mismatch");
            assertThat(json(stale).get("expected").asLong()).isEqualTo(1);
            assertThat(json(stale).get("actual").asLong()).isEqualTo(2);
            assertThat(json(stale).get("message").asText()).contains("expected 1, got 2");

            assertError(
                    send("PUT", "/posts/" + id + "/title", "{\"title\": \"Third\"}", "X-Actor-Id", "bob"),
                    428,
                    "precondition_required");
            assertError(
                    send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "bob"), 428, "precondition_required");
            assertError(
                    send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "bob", "If-Match", "\"1\""),
                    412,
                    "version_mismatch");
            assertError(
                    send(
                            "PUT",
                            "/posts/" + id + "/title",
                            "{\"title\": \"x\"}",
                            "X-Actor-Id",
                            "bob",
                            "If-Match",
                            "two"),
                    400,
                    "invalid_if_match");

            assertError(
                    send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "W/\"2\""),
                    412,
                    "weak_etag");
            assertError(
                    send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "bob", "If-Match", "\"2\""),
                    403,
                    "forbidden");
            assertError(
                    send(
                            "PUT",
                            "/posts/" + id + "/title",
                            "{\"title\": \"Bob's\"}",
                            "X-Actor-Id",
                            "bob",
                            "If-Match",
                            "\"2\""),
                    403,
                    "forbidden");
            assertThat(send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "\"2\"")
                            .statusCode())
                    .isEqualTo(200);
            assertError(
                    send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "\"3\""),
                    409,
                    "already_published");

            HttpResponse<String> missing = send("GET", "/posts/nope", null);
            assertError(missing, 404, "not_found");
            assertThat(json(missing).get("aggregate").asText()).isEqualTo("BlogPost");
            assertThat(json(missing).get("aggregateId").asText()).isEqualTo("nope");
            assertThat(json(missing).get("retryable").asBoolean()).isFalse();
            assertError(send("GET", "/posts/nope/events", null), 404, "not_found");
            assertError(
                    send("PUT", "/posts/nope/title", "{\"title\": \"x\"}", "X-Actor-Id", "a", "If-Match", "\"1\""),
                    404,
                    "not_found");
            assertError(
                    send("POST", "/posts/nope/publish", null, "X-Actor-Id", "a", "If-Match", "\"1\""),
                    404,
                    "not_found");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void a_stale_if_match_is_a_412_problem_detail_with_the_versions(String store) {
            start(store);
            String id = created("Hello");
            assertThat(send(
                                    "PUT",
                                    "/posts/" + id + "/title",
                                    "{\"title\": \"Second\"}",
                                    "X-Actor-Id",
                                    "alice",
                                    "If-Match",
                                    "\"1\"")
                            .statusCode())
                    .isEqualTo(200);

            HttpResponse<String> stale =
                    send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "\"1\"");
            assertThat(stale.statusCode()).isEqualTo(412);
            assertThat(stale.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(json(stale)).isEqualTo(json("""
                    {"type": "https://escqrs.dev/problems/version-mismatch", "title": "Version mismatch",
                     "status": 412, "detail": "BlogPost %1$s version mismatch: expected 1, got 2",
                     "instance": "/posts/%1$s/publish",
                     "aggregate": "BlogPost", "aggregateId": "%1$s", "expectedVersion": 1, "actualVersion": 2,
                     "retryable": false,
                     "error": "version_mismatch", "message": "BlogPost %1$s version mismatch: expected 1, got 2",
                     "expected": 1, "actual": 2}
                    """.formatted(id)));
            List<String> members = new ArrayList<>();
            json(stale).fieldNames().forEachRemaining(members::add);
            assertThat(members)
                    .as("RFC 9457's members first")
                    .startsWith("type", "title", "status", "detail", "instance");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void an_unknown_path_is_a_404_problem_detail(String store) {
            start(store);
            HttpResponse<String> response = send("GET", "/nowhere/else", null);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(json(response)).isEqualTo(json("""
                    {"type": "https://escqrs.dev/problems/no-route", "title": "No route", "status": 404,
                     "detail": "no such resource: /nowhere/else", "instance": "/nowhere/else",
                     "error": "no_route", "message": "no such resource: /nowhere/else"}
                    """));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void bad_input_is_a_400_with_a_json_error_and_never_a_500(String store) throws Exception {
            start(store);
            String id = created("Hello");
            assertError(send("POST", "/posts", "{\"title\": \"x\"}"), 401, "unauthenticated");
            assertError(send("POST", "/posts", "{\"title\": ", "X-Actor-Id", "a"), 400, "invalid_json");
            assertError(
                    send("POST", "/posts", "{\"title\": \"x\", \"extra\": 1}", "X-Actor-Id", "a"), 400, "invalid_json");
            HttpResponse<String> number = send("POST", "/posts", "{\"title\": 5}", "X-Actor-Id", "a");
            assertError(number, 400, "invalid_json");
            assertThat(number.body())
                    .as("no internal class names")
                    .doesNotContain("com.fasterxml", "dev.escqrs", "java.lang", "TitleBody");
            assertError(send("POST", "/posts", "[1, 2]", "X-Actor-Id", "a"), 400, "invalid_json");
            assertError(send("POST", "/posts", "", "X-Actor-Id", "a"), 400, "invalid_json");
            assertError(send("POST", "/posts", "null", "X-Actor-Id", "a"), 400, "invalid_json");
            assertError(send("POST", "/posts", "{\"title\": \"   \"}", "X-Actor-Id", "a"), 400, "invalid_title");
            assertError(send("POST", "/posts", "{}", "X-Actor-Id", "a"), 400, "invalid_title");
            assertError(
                    send("POST", "/posts", "{\"title\": \"" + "x".repeat(201) + "\"}", "X-Actor-Id", "a"),
                    400,
                    "invalid_title");
            assertError(
                    send(
                            "PUT",
                            "/posts/" + id + "/title",
                            "{\"title\": \"\"}",
                            "X-Actor-Id",
                            "alice",
                            "If-Match",
                            "\"1\""),
                    400,
                    "invalid_title");
            assertError(
                    send(
                            "PUT",
                            "/posts/" + id + "/title",
                            "{\"title\": \"a\\u202Eb\"}",
                            "X-Actor-Id",
                            "alice",
                            "If-Match",
                            "\"1\""),
                    400,
                    "invalid_title");
            assertError(
                    send("POST", "/posts", "{\"title\": \"\\u001b[31mred\"}", "X-Actor-Id", "a"), 400, "invalid_title");
            assertError(send("GET", "/posts/%01bad", null), 400, "invalid_input");
            assertError(send("GET", "/posts", null), 400, "invalid_query");
            assertError(send("GET", "/nowhere", null), 404, "no_route");
            assertError(send("DELETE", "/posts/" + id, null), 405, "method_not_allowed");
            assertError(send("GET", "/posts/" + id + "/publish", null), 405, "method_not_allowed");
            assertError(send("PATCH", "/posts", null), 405, "method_not_allowed");
            assertThat(json(send("GET", "/posts/" + id, null)).get("version").asLong())
                    .as("nothing was written")
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void titles_are_normalised_and_counted_in_user_perceived_characters(String store) {
        start(store);
        HttpResponse<String> nfd = send("POST", "/posts", "{\"title\": \"Cafe\\u0301\"}", "X-Actor-Id", "alice");
        assertThat(json(nfd).get("title").asText()).as("NFC").isEqualTo("Caf\u00e9");
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertThat(send("POST", "/posts", "{\"title\": \"" + family.repeat(200) + "\"}", "X-Actor-Id", "alice")
                        .statusCode())
                .as("200 family emoji are 200 characters")
                .isEqualTo(201);
        assertError(
                send("POST", "/posts", "{\"title\": \"" + family.repeat(201) + "\"}", "X-Actor-Id", "alice"),
                400,
                "invalid_title");
        assertError(
                send("POST", "/posts", "{\"title\": \"\\u200B\\u200B\"}", "X-Actor-Id", "alice"), 400, "invalid_title");
        assertError(send("POST", "/posts", "{\"title\": \"a\\u0000b\"}", "X-Actor-Id", "alice"), 400, "invalid_title");
        assertError(
                send("POST", "/posts", "{\"title\": \"lone \\uD800 surrogate\"}", "X-Actor-Id", "alice"),
                400,
                "invalid_title");
    }

    @org.junit.jupiter.api.Test
    void a_failing_store_is_a_503_that_does_not_echo_the_store() {
        BrokenStore[] wire = new BrokenStore[1];
        service = new ServiceUnderTest(
                "dynamodb", Authentication.development(), getClass(), http -> wire[0] = new BrokenStore(http));
        String id = created("Hello");
        wire[0].breakIt();
        for (HttpResponse<String> response : List.of(
                send("GET", "/posts/" + id, null),
                send(
                        "PUT",
                        "/posts/" + id + "/title",
                        "{\"title\": \"x\"}",
                        "X-Actor-Id",
                        "alice",
                        "If-Match",
                        "\"1\""))) {
            assertError(response, 503, "unavailable");
            assertThat(json(response).get("retryable").asBoolean()).isTrue();
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            assertThat(response.body()).doesNotContain("Traceback", "secret", "moto", "Exception", "dynamodb");
        }
        HttpResponse<String> health = send("GET", "/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).get("status").asText()).isEqualTo("down");
    }

    @org.junit.jupiter.api.Test
    void a_missing_table_is_a_503_that_names_the_table_and_the_fix_and_logs_one_line() {
        service = new ServiceUnderTest("dynamodb", Authentication.development(), getClass());
        created("Hello");
        String table = dev.escqrs.dynamodb.table.TableNames.withPrefix(service.tablePrefix())
                .aggregateTable("BlogPost");
        LogLines log = LogLines.of(dev.escqrs.example.blogpost.http.BlogPostHttpServer.class);
        List<java.util.logging.LogRecord> lines = log.records();
        try {
            Stores.dynamoDb().deleteTable(b -> b.tableName(table));

            HttpResponse<String> response = send("POST", "/posts", "{\"title\": \"x\"}", "X-Actor-Id", "alice");
            assertError(response, 503, "unavailable");
            assertThat(json(response).get("message").asText())
                    .contains("the DynamoDB table " + table + " does not exist")
                    .contains("--create-tables");
            assertThat(response.body()).doesNotContain("Requested resource not found", "Exception");
            assertThat(lines).as("the service's log of the request").hasSize(1);
            assertThat(lines.getFirst().getThrown()).as("no stack trace").isNull();
            assertThat(lines.getFirst().getMessage())
                    .startsWith("store unavailable: POST /posts: ")
                    .contains(table)
                    .doesNotContain("\n");

            HttpResponse<String> health = send("GET", "/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health).get("status").asText()).isEqualTo("down");
            assertThat(json(health).get("reason").asText()).contains("the DynamoDB table " + table + " does not exist");

            // created again, the service goes on without a restart
            new dev.escqrs.dynamodb.DynamoDbTables(
                            Stores.dynamoDb(), dev.escqrs.dynamodb.table.TableNames.withPrefix(service.tablePrefix()))
                    .createTables(dev.escqrs.example.blogpost.domain.BlogPosts.ALL_NAMES);
            created("Again");
            assertThat(json(send("GET", "/health", null)).has("reason")).isFalse();
        } finally {
            log.close();
        }
    }

    @org.junit.jupiter.api.Test
    void a_missing_read_model_table_is_a_503_that_names_it_and_parks_no_post() {
        service = new ServiceUnderTest("dynamodb", Authentication.development(), getClass());
        created("Hello");
        String table =
                service.tablePrefix() + dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts.TABLE_SUFFIX;
        Stores.dynamoDb().deleteTable(b -> b.tableName(table));
        created("While the table is gone"); // the runner cannot write it: it backs off, it does not park the post

        HttpResponse<String> response = send("GET", "/posts?published=true", null);
        assertError(response, 503, "unavailable");
        assertThat(json(response).get("message").asText())
                .contains("the DynamoDB table " + table + " does not exist")
                .contains("--create-tables");
        Eventually.await("the read model's runner to fail on the missing table", () -> {
            JsonNode health = json(send("GET", "/health", null));
            return health.path("readModel").path("failures").asLong() > 0;
        });
        assertThat(json(send("GET", "/health", null)).get("parked").asInt())
                .as("an outage parks nothing")
                .isZero();

        dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts.createTable(Stores.dynamoDb(), table);
        Eventually.await(
                "the list to answer again",
                () -> send("GET", "/posts?published=true", null).statusCode() == 200);
    }

    /** No lost writes through the service, on either store: the store's condition decides every race. */
    @Nested
    class Races {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void sixteen_writers_with_the_same_if_match_give_one_200_and_fifteen_412s(String store) throws Exception {
            start(store);
            String id = created("Hello");
            int writers = 16;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < writers; w++) {
                    String title = "title " + w;
                    statuses.add(pool.submit(() -> {
                        start.await();
                        return send(
                                        "PUT",
                                        "/posts/" + id + "/title",
                                        "{\"title\": \"" + title + "\"}",
                                        "X-Actor-Id",
                                        "alice",
                                        "If-Match",
                                        "\"1\"")
                                .statusCode();
                    }));
                }
                List<Integer> codes = new ArrayList<>();
                for (var status : statuses) {
                    codes.add(status.get());
                }
                assertThat(codes)
                        .as("one writer wins, every other sees a stale If-Match")
                        .containsOnly(200, 412)
                        .filteredOn(c -> c == 200)
                        .hasSize(1);
            }
            JsonNode post = json(send("GET", "/posts/" + id, null));
            assertThat(post.get("version").asLong()).isEqualTo(2);
            assertThat(json(send("GET", "/posts/" + id + "/events", null))).hasSize(2);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"memory", "dynamodb"})
        void read_then_write_loops_lose_no_acknowledged_write(String store) throws Exception {
            start(store);
            String id = created("Hello");
            java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
            // a fixed number of rounds per client, not a time: scripts/soak raises it (escqrs-test.soak.rounds)
            int rounds = Integer.getInteger("escqrs-test.soak.rounds", 25);
            List<java.util.concurrent.Future<?>> clients = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    clients.add(pool.submit(() -> {
                        for (int n = 0; n < rounds; n++) {
                            HttpResponse<String> read = send("GET", "/posts/" + id, null);
                            String etag = read.headers().firstValue("ETag").orElseThrow();
                            int status = send(
                                            "PUT",
                                            "/posts/" + id + "/title",
                                            "{\"title\": \"client " + client + " write " + n + "\"}",
                                            "X-Actor-Id",
                                            "alice",
                                            "If-Match",
                                            etag)
                                    .statusCode();
                            assertThat(status).isIn(200, 412);
                            if (status == 200) {
                                acknowledged.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (var client : clients) {
                    client.get();
                }
            }
            assertThat(acknowledged.get()).isPositive();
            assertThat(json(send("GET", "/posts/" + id, null)).get("version").asLong())
                    .as("every acknowledged write is in the history: final version = 200s + 1")
                    .isEqualTo(acknowledged.get() + 1L);
            assertThat(json(send("GET", "/posts/" + id + "/events", null))).hasSize(acknowledged.get() + 1);
        }
    }
}
