package dev.escqrs.example.blogpost;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/template.yaml, the file docs/dynamodb.md explains: it passes cfn-lint, its tables have exactly the schema
 * escqrs creates itself (so a service pointed at the stack's tables finds what it expects), and it protects the log.
 */
class DeployTemplateTest {
    private static final Path TEMPLATE = Path.of("deploy", "template.yaml");
    private static final String PREFIX = "blog-";

    private static JsonNode template() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
    }

    /** With its informational rules too (-I): W3037 checks IAM action names against AWS's list. */
    @Test
    void passes_cfn_lint_with_its_informational_rules() throws Exception {
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "-I", TEMPLATE.toString()).redirectErrorStream(true).start();
        } catch (IOException missing) {
            throw new AssertionError("cfn-lint is not installed: pip install cfn-lint (scripts/test installs it)", missing);
        }
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.exitValue()).as("cfn-lint says:%n%s", output).isZero();
    }

    /** The resources each role may touch, by logical id (a parameter's name for a secret given by ARN). */
    private static final Map<String, Set<String>> ROLE_RESOURCES = Map.of(
            "ProjectionRole", Set.of("ProjectionLogGroup", "EventsTable", "PublishedPostsTable", "ProjectionFailures",
                    "CheckpointsTable"),
            "AuthorStatsRole", Set.of("AuthorStatsLogGroup", "EventsTable", "AuthorTable", "AuthorStatsLedgerTable",
                    "ProjectionFailures", "CheckpointsTable"),
            "ServiceRole", Set.of("EventsTable", "BlogPostTable", "AuthorTable", "PublishedPostsTable"),
            "TaskExecutionRole", Set.of("ImageRepository", "ServiceLogGroup", "JwtSecretArn", "*"));
    /** Actions AWS accepts only on the resource "*" (they have no resource to scope to). */
    private static final Set<String> UNSCOPABLE = Set.of("ecr:GetAuthorizationToken");
    /** Actions that write an item; on the events table only inside a transaction. */
    private static final Set<String> ITEM_WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem");

    /** The logical id (or "*") a policy's resource names: Fn::GetAtt, Ref, or the first ${X...} of a Fn::Sub. */
    private static String resourceOf(JsonNode resource) {
        if (resource.isTextual()) {
            return resource.asText();
        }
        if (resource.has("Fn::GetAtt")) {
            return resource.get("Fn::GetAtt").get(0).asText();
        }
        if (resource.has("Ref")) {
            return resource.get("Ref").asText();
        }
        String sub = resource.get("Fn::Sub").asText();
        return sub.substring(sub.indexOf("${") + 2, sub.indexOf('.', sub.indexOf("${")));
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode()) {
            items.add(node);
        }
        return items;
    }

    @Test
    void every_role_has_only_what_it_uses_and_writes_events_only_inside_transactions_or_as_one_item_types() throws Exception {
        JsonNode resources = template().get("Resources");
        List<String> roles = new ArrayList<>();
        for (var resource : resources.properties()) {
            if (!resource.getValue().get("Type").asText().equals("AWS::IAM::Role")) {
                continue;
            }
            String role = resource.getKey();
            roles.add(role);
            assertThat(ROLE_RESOURCES).as("every role is reviewed here: add %s with what it may touch", role)
                    .containsKey(role);
            assertThat(resource.getValue().path("Properties").has("ManagedPolicyArns"))
                    .as("%s: managed policies cannot be checked here", role).isFalse();
            for (JsonNode policy : resource.getValue().get("Properties").get("Policies")) {
                for (JsonNode statement : policy.get("PolicyDocument").get("Statement")) {
                    String where = role + " " + statement.path("Sid").asText();
                    assertThat(statement.get("Effect").asText()).as(where).isEqualTo("Allow");
                    List<String> actions = list(statement.get("Action")).stream().map(JsonNode::asText).toList();
                    List<String> targets = list(statement.get("Resource")).stream().map(DeployTemplateTest::resourceOf)
                            .toList();
                    assertThat(actions).as("%s: no wildcard action", where)
                            .noneMatch(action -> action.equals("*") || action.endsWith(":*"));
                    assertThat(ROLE_RESOURCES.get(role)).as("%s: only the resources this role uses", where)
                            .containsAll(targets);
                    if (targets.contains("*")) {
                        assertThat(UNSCOPABLE).as("%s: \"*\" only for actions that have no resource", where)
                                .containsAll(actions);
                    }
                    if (targets.contains("EventsTable") && actions.stream().anyMatch(ITEM_WRITES::contains)) {
                        JsonNode oneItemKeys = statement.path("Condition").path("ForAllValues:StringLike")
                                .path("dynamodb:LeadingKeys");
                        if (oneItemKeys.isMissingNode()) {
                            assertThat(statement.path("Condition").path("StringEquals")
                                    .path("dynamodb:EnclosingOperation").asText())
                                    .as("%s: the event log is written inside TransactWriteItems, or by one-item types", where)
                                    .isEqualTo("TransactWriteItems");
                        } else {
                            // one-item mode: a plain PutItem of an event, only on the streams of the service's
                            // one-item types
                            assertThat(actions).as(where).containsExactly("dynamodb:PutItem");
                            assertThat(list(oneItemKeys).stream().map(JsonNode::asText).toList()).as(where)
                                    .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ServiceTables.ONE_ITEM)
                                            .map(type -> type + "#*").toList());
                        }
                    }
                }
            }
        }
        assertThat(roles).containsExactlyInAnyOrderElementsOf(ROLE_RESOURCES.keySet());
    }

    /** A table's schema as comparable text: keys, attribute types, indexes' keys, stream view. */
    private static Map<String, String> schema(JsonNode properties) {
        Map<String, String> schema = new TreeMap<>();
        properties.path("KeySchema").forEach(k -> schema.put("key " + k.get("AttributeName").asText(), k.get("KeyType").asText()));
        properties.path("AttributeDefinitions").forEach(a -> schema.put("attribute " + a.get("AttributeName").asText(),
                a.get("AttributeType").asText()));
        properties.path("GlobalSecondaryIndexes").forEach(i -> i.get("KeySchema").forEach(k -> schema.put(
                "index " + i.get("IndexName").asText() + " key " + k.get("AttributeName").asText(), k.get("KeyType").asText())));
        if (properties.has("StreamSpecification")) {
            schema.put("stream", properties.get("StreamSpecification").get("StreamViewType").asText());
        }
        return schema;
    }

    private static Map<String, String> schema(TableDescription table) {
        Map<String, String> schema = new TreeMap<>();
        table.keySchema().forEach(k -> schema.put("key " + k.attributeName(), k.keyTypeAsString()));
        table.attributeDefinitions().forEach(a -> schema.put("attribute " + a.attributeName(), a.attributeTypeAsString()));
        if (table.hasGlobalSecondaryIndexes()) {
            table.globalSecondaryIndexes().forEach(i -> i.keySchema().forEach(k -> schema.put(
                    "index " + i.indexName() + " key " + k.attributeName(), k.keyTypeAsString())));
        }
        if (table.streamSpecification() != null && Boolean.TRUE.equals(table.streamSpecification().streamEnabled())) {
            schema.put("stream", table.streamSpecification().streamViewTypeAsString());
        }
        return schema;
    }

    @Test
    void its_tables_have_exactly_the_schema_escqrs_creates() throws Exception {
        DynamoDbTestServer server = DynamoDbTestServer.get();
        var client = server.client();
        String prefix = server.tablePrefix(getClass());
        TableNames names = TableNames.withPrefix(prefix);
        new DynamoDbTables(client, names).createTables(BlogPosts.ALL_NAMES);
        DynamoDbPublishedPosts.createTable(client, prefix + DynamoDbPublishedPosts.TABLE_SUFFIX);
        DynamoDbReactionLedger.createTable(client, prefix + AuthorStats.NAME);

        JsonNode resources = template().get("Resources");
        List<String> compared = new ArrayList<>();
        for (var resource : resources.properties()) {
            JsonNode properties = resource.getValue().get("Properties");
            if (!resource.getValue().get("Type").asText().equals("AWS::DynamoDB::Table")) {
                continue;
            }
            String suffix = properties.get("TableName").get("Fn::Sub").asText().replace("${TablePrefix}", "");
            TableDescription created = client.describeTable(b -> b.tableName(prefix + suffix)).table();
            assertThat(schema(properties)).as("%s (%s)", resource.getKey(), suffix).isEqualTo(schema(created));
            compared.add(suffix);
        }
        assertThat(compared).containsExactlyInAnyOrder("events", "BlogPost", "Author", "checkpoints", "published-posts",
                "author-stats");
    }

    @Test
    void the_events_table_is_protected_as_the_system_of_record() throws Exception {
        JsonNode events = template().get("Resources").get("EventsTable");

        assertThat(events.get("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(events.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        JsonNode properties = events.get("Properties");
        assertThat(properties.get("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(properties.get("PointInTimeRecoverySpecification").get("PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        assertThat(properties.get("SSESpecification").get("SSEEnabled").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Projection", "AuthorStats"})
    void each_stream_lambda_reports_partial_batches_retries_a_bounded_number_of_times_and_hands_over_the_rest(
            String lambda) throws Exception {
        JsonNode resources = template().get("Resources");
        JsonNode mapping = resources.get(lambda + "EventSourceMapping").get("Properties");

        assertThat(mapping.get("FunctionResponseTypes")).extracting(JsonNode::asText).containsExactly("ReportBatchItemFailures");
        assertThat(mapping.get("BisectBatchOnFunctionError").asBoolean()).isTrue();
        assertThat(mapping.get("MaximumRetryAttempts").asInt()).isBetween(0, 100);
        assertThat(mapping.get("DestinationConfig").get("OnFailure").get("Destination").get("Fn::GetAtt").get(0).asText())
                .isEqualTo("ProjectionFailures");
        String handler = resources.get(lambda + "Function").get("Properties").get("Handler").asText();
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertThat(RequestHandler.class.isAssignableFrom(type)).as("%s is a Lambda RequestHandler", handler).isTrue();
        assertThat(type.getConstructors()).as("Lambda needs a public no-argument constructor")
                .anySatisfy(c -> assertThat(c.getParameterCount()).isZero());
    }

    /** The parked-aggregates alarm counts log lines: its filters must match the line a projector writes when it parks. */
    @Test
    void the_parked_alarm_counts_the_line_a_projector_logs_when_it_parks_a_post() throws Exception {
        JsonNode resources = template().get("Resources");
        List<String> patterns = new ArrayList<>();
        for (var resource : resources.properties()) {
            if (resource.getValue().get("Type").asText().equals("AWS::Logs::MetricFilter")) {
                patterns.add(resource.getValue().get("Properties").get("FilterPattern").asText());
                assertThat(resource.getValue().get("Properties").get("MetricTransformations").get(0)
                        .get("MetricName").asText()).isEqualTo("ParkedAggregates");
            }
        }
        assertThat(patterns).as("a filter on each stream Lambda's log group").hasSize(2);
        assertThat(resources.get("ParkedAggregatesAlarm").get("Properties").get("MetricName").asText())
                .isEqualTo("ParkedAggregates");

        List<String> logged;
        try (LogLines log = LogLines.of(dev.escqrs.core.projection.Projector.class)) {
            var store = new dev.escqrs.inmemory.InMemoryEventStore(BlogPosts.codec());
            var posts = dev.escqrs.core.command.CommandHandler.builder(BlogPosts.BLOG_POST,
                    new dev.escqrs.example.blogpost.domain.BlogPostDecider()).store(store, store).build();
            posts.handle(dev.escqrs.core.command.CommandRequest.createWithId("p1", "alice",
                    new dev.escqrs.example.blogpost.domain.BlogPostCommand.CreateBlogPost("Hello", "alice")));
            var failing = new dev.escqrs.testkit.projection.RecordingProjection().beforeApply(e -> {
                throw new IllegalStateException("bug");
            });
            var spec = dev.escqrs.core.projection.ProjectionSpec.builder("published-posts", failing)
                    .aggregates(BlogPosts.BLOG_POST).store(store)
                    .badRecords(dev.escqrs.core.projection.BadRecords.PARK).build();
            try (var events = store.events(BlogPosts.BLOG_POST, "p1")) {
                new dev.escqrs.core.projection.Projector(spec, store).apply(events.toList());
            }
            logged = log.messages();
        }
        List<String> parkLines = logged.stream().filter(line -> line.contains("p1")).toList();
        assertThat(parkLines).as("one line for the post parked").hasSize(1);
        for (String pattern : patterns) {
            for (String term : pattern.split("\" \"")) {
                assertThat(parkLines.getFirst()).contains(term.replace("\"", ""));
            }
        }
    }
}
