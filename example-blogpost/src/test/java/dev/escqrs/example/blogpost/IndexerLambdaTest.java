package dev.escqrs.example.blogpost;

import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.app.ReadModel;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.lambda.IndexerLambda;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The deployment of deploy/template.yaml on moto: the service with {@code --indexer lambda} (its read model and
 * workflow on the index, no reader of the Stream), and {@link IndexerLambda} handed the Stream's records as Lambda's
 * event source mapping would hand them.
 */
class IndexerLambdaTest {
    private static boolean published(ServiceUnderTest service, String id) {
        return service.send("GET", "/posts?published=true", null).body().contains(id);
    }

    @Test
    void the_service_keeps_the_read_model_and_runs_the_workflow_from_what_the_lambda_indexed() throws Exception {
        try (ServiceUnderTest service =
                ServiceUnderTest.onDynamoDb(Authentication.development(), getClass(), "--indexer", "lambda")) {
            DynamoDbClient client = service.injector().getInstance(DynamoDbClient.class);
            DynamoDbStreamsClient streams = service.injector().getInstance(DynamoDbStreamsClient.class);
            TableNames tables = ServiceTables.named(service.tablePrefix());
            // the read model's first start reads the store (its backfill) once it holds its lease: wait for that, so
            // that the post below can reach it through the index alone
            assertThat(service.injector()
                            .getInstance(ReadModel.class)
                            .running()
                            .orElseThrow()
                            .awaitTailing(Duration.ofSeconds(60)))
                    .as("the read model tails the index")
                    .isTrue();
            String id = service.created("Indexed by Lambda");
            assertThat(service.send(
                                    "POST",
                                    "/posts/" + id + "/publish",
                                    null,
                                    "X-Actor-Id",
                                    "alice",
                                    "If-Match",
                                    "\"1\"")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.injector().getInstance(InProcessIndexer.class).runsHere())
                    .isFalse();
            assertThat(service.send("GET", "/posts?published=true&waitFor=" + id + ":2", null)
                            .statusCode())
                    .as("nothing indexed yet, so the read model cannot have it: it reads the index, not the Stream")
                    .isEqualTo(503);

            IndexerLambda lambda = new IndexerLambda(client, tables);
            DynamodbEvent batch = StreamBatches.everyRecord(client, streams, tables);
            assertThat(lambda.handleRequest(batch, null).getBatchItemFailures()).isEmpty();

            Eventually.await("the post listed", () -> published(service, id));
            Eventually.await("alice's profile to count the post", () -> {
                HttpResponse<String> author = service.send("GET", "/authors/alice", null);
                return author.statusCode() == 200
                        && json(author).get("publishedPosts").asLong() == 1;
            });
            // the Stream now also holds the workflow's Author event: Lambda's next batch, and a redelivery of the first
            DynamodbEvent next = StreamBatches.everyRecord(client, streams, tables);
            assertThat(lambda.handleRequest(next, null).getBatchItemFailures()).isEmpty();
            assertThat(new IndexerLambda(client, tables)
                            .handleRequest(batch, null)
                            .getBatchItemFailures())
                    .as("a retry in a new container")
                    .isEmpty();

            JsonCodec codec = service.injector().getInstance(JsonCodec.class);
            List<String> indexed = new DynamoDbIndexFeed(client, tables, codec)
                    .read(Checkpoint.START, 100).events().stream()
                            .map(e -> e.aggregateName() + ":" + e.aggregateVersion())
                            .toList();
            assertThat(indexed).as("each event once").containsExactlyInAnyOrder("BlogPost:1", "BlogPost:2", "Author:1");
            assertThat(json(service.send("GET", "/authors/alice", null))
                            .get("publishedPosts")
                            .asLong())
                    .as("counted once")
                    .isEqualTo(1);
            JsonNode health = json(service.send("GET", "/health", null));
            assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("up");
            assertThat(health.has("indexer"))
                    .as("the Lambda indexes, not this service")
                    .isFalse();
        }
    }

    @Test
    void a_record_that_holds_no_event_is_stepped_over_and_logged_as_the_templates_alarm_counts() throws Exception {
        DynamoDbTestServer server = DynamoDbTestServer.get();
        try (DynamoDbTestServer.SerialClients clients = server.serialClients(b -> {})) {
            TableNames tables = ServiceTables.named(server.tablePrefix(getClass()));
            DynamoDbTables created = new DynamoDbTables(clients.dynamoDb(), tables);
            created.createTables(BlogPosts.ALL_NAMES);
            created.createIndexTable();
            JsonCodec codec = BlogPosts.codec(DataKeys.inMemory());
            DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
            var posts = CommandHandler.builder(BlogPosts.BLOG_POST, new BlogPostDecider())
                    .store(store, store)
                    .build();
            posts.handle(
                    CommandRequest.createWithId("p1", "alice", new BlogPostCommand.CreateBlogPost("Hello", "alice")));
            posts.update("p1", "alice", new BlogPostCommand.ChangeTitle("Hello again", "alice"), 1);
            DynamodbEvent batch = StreamBatches.everyRecord(clients.dynamoDb(), clients.streams(), tables);
            // someone deleted the first event by hand: a REMOVE after the two INSERTs
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(batch.getRecords());
            DynamodbEvent.DynamodbStreamRecord removed = StreamBatches.everyRecord(
                            clients.dynamoDb(), clients.streams(), tables)
                    .getRecords()
                    .getFirst();
            removed.setEventName("REMOVE");
            removed.getDynamodb()
                    .setSequenceNumber(records.getLast().getDynamodb().getSequenceNumber() + "1");
            records.add(removed);
            batch.setRecords(records);
            IndexerLambda lambda = new IndexerLambda(clients.dynamoDb(), tables);

            StreamsEventResponse response;
            String logged;
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                response = lambda.handleRequest(batch, null);
            } finally {
                System.setErr(err);
                logged = captured.toString(StandardCharsets.UTF_8);
            }

            assertThat(response.getBatchItemFailures()).as("the shard goes on").isEmpty();
            assertThat(lambda.counts().skippedRecords()).isEqualTo(1);
            assertThat(new DynamoDbIndexFeed(clients.dynamoDb(), tables, codec)
                            .read(Checkpoint.START, 10)
                            .events())
                    .extracting(e -> e.aggregateVersion())
                    .as("the events are indexed")
                    .containsExactly(1L, 2L);
            JsonNode resources = new ObjectMapper(new YAMLFactory())
                    .readTree(Path.of("deploy", "template.yaml").toFile())
                    .get("Resources");
            String pattern = DeployTemplateTest.filters(resources, "SkippedStreamRecords")
                    .get("IndexerLogGroup");
            assertThat(pattern)
                    .as("the template counts skipped records in the indexer's log")
                    .isNotNull();
            assertThat(logged.lines()
                            .filter(line -> DeployTemplateTest.matches(pattern, line))
                            .toList())
                    .as("one line in:%n%s", logged)
                    .hasSize(1);
        }
    }
}
