package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.lambda.IndexerLambda;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * deploy/template.yaml, the file docs/dynamodb.md explains: it passes cfn-lint, its tables have exactly the schema
 * escqrs creates itself (so a service pointed at the stack's tables finds what it expects), it protects the log and
 * the index, no table's stream has more readers than DynamoDB serves, and every role has only what it uses.
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
            lint = new ProcessBuilder("cfn-lint", "-I", TEMPLATE.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException missing) {
            throw new AssertionError(
                    "cfn-lint is not installed: pip install cfn-lint (scripts/test installs it)", missing);
        }
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.exitValue()).as("cfn-lint says:%n%s", output).isZero();
    }

    /** The resources each role may touch, by logical id (a parameter's name for a secret given by ARN). */
    private static final Map<String, Set<String>> ROLE_RESOURCES = Map.of(
            "IndexerRole", Set.of("IndexerLogGroup", "EventsTable", "IndexTable", "IndexerFailures"),
            "ServiceRole",
                    Set.of(
                            "EventsTable",
                            "BlogPostTable",
                            "AuthorTable",
                            "PublishedPostsTable",
                            "IndexTable",
                            "AuthorStatsLedgerTable",
                            "CheckpointsTable",
                            "KeysTable",
                            "PersonalDataKey"),
            "TaskExecutionRole", Set.of("ImageRepository", "ServiceLogGroup", "JwtSecretArn", "*"));
    /** The actions of a DynamoDB stream: only the stream's readers have them. */
    private static final Set<String> STREAM_READS = Set.of(
            "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams");
    /** Actions AWS accepts only on the resource "*" (they have no resource to scope to). */
    private static final Set<String> UNSCOPABLE = Set.of("ecr:GetAuthorizationToken");
    /** Actions that write an item; on the events table only inside a transaction. */
    private static final Set<String> ITEM_WRITES = Set.of(
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:ConditionCheckItem",
            "dynamodb:BatchWriteItem");

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
    void every_role_has_only_what_it_uses_and_writes_events_only_inside_transactions_or_as_one_item_types()
            throws Exception {
        JsonNode resources = template().get("Resources");
        List<String> roles = new ArrayList<>();
        for (var resource : resources.properties()) {
            if (!resource.getValue().get("Type").asText().equals("AWS::IAM::Role")) {
                continue;
            }
            String role = resource.getKey();
            roles.add(role);
            assertThat(ROLE_RESOURCES)
                    .as("every role is reviewed here: add %s with what it may touch", role)
                    .containsKey(role);
            assertThat(resource.getValue().path("Properties").has("ManagedPolicyArns"))
                    .as("%s: managed policies cannot be checked here", role)
                    .isFalse();
            for (JsonNode policy : resource.getValue().get("Properties").get("Policies")) {
                for (JsonNode statement : policy.get("PolicyDocument").get("Statement")) {
                    String where = role + " " + statement.path("Sid").asText();
                    assertThat(statement.get("Effect").asText()).as(where).isEqualTo("Allow");
                    List<String> actions = list(statement.get("Action")).stream()
                            .map(JsonNode::asText)
                            .toList();
                    List<String> targets = list(statement.get("Resource")).stream()
                            .map(DeployTemplateTest::resourceOf)
                            .toList();
                    assertThat(actions)
                            .as("%s: no wildcard action", where)
                            .noneMatch(action -> action.equals("*") || action.endsWith(":*"));
                    assertThat(ROLE_RESOURCES.get(role))
                            .as("%s: only the resources this role uses", where)
                            .containsAll(targets);
                    if (targets.contains("*")) {
                        assertThat(UNSCOPABLE)
                                .as("%s: \"*\" only for actions that have no resource", where)
                                .containsAll(actions);
                    }
                    if (targets.contains("EventsTable") && actions.stream().anyMatch(ITEM_WRITES::contains)) {
                        JsonNode oneItemKeys = statement
                                .path("Condition")
                                .path("ForAllValues:StringLike")
                                .path("dynamodb:LeadingKeys");
                        if (oneItemKeys.isMissingNode()) {
                            assertThat(statement
                                            .path("Condition")
                                            .path("StringEquals")
                                            .path("dynamodb:EnclosingOperation")
                                            .asText())
                                    .as(
                                            "%s: the event log is written inside TransactWriteItems, or by one-item types",
                                            where)
                                    .isEqualTo("TransactWriteItems");
                        } else {
                            // one-item mode: a plain PutItem of an event, only on the streams of the service's
                            // one-item types
                            assertThat(actions).as(where).containsExactly("dynamodb:PutItem");
                            assertThat(list(oneItemKeys).stream()
                                            .map(JsonNode::asText)
                                            .toList())
                                    .as(where)
                                    .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ServiceTables.ONE_ITEM)
                                            .map(type -> type + "#*")
                                            .toList());
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
        properties
                .path("KeySchema")
                .forEach(k -> schema.put(
                        "key " + k.get("AttributeName").asText(),
                        k.get("KeyType").asText()));
        properties
                .path("AttributeDefinitions")
                .forEach(a -> schema.put(
                        "attribute " + a.get("AttributeName").asText(),
                        a.get("AttributeType").asText()));
        properties
                .path("GlobalSecondaryIndexes")
                .forEach(i -> i.get("KeySchema")
                        .forEach(k -> schema.put(
                                "index " + i.get("IndexName").asText() + " key "
                                        + k.get("AttributeName").asText(),
                                k.get("KeyType").asText())));
        if (properties.has("StreamSpecification")) {
            schema.put(
                    "stream",
                    properties.get("StreamSpecification").get("StreamViewType").asText());
        }
        return schema;
    }

    private static Map<String, String> schema(TableDescription table) {
        Map<String, String> schema = new TreeMap<>();
        table.keySchema().forEach(k -> schema.put("key " + k.attributeName(), k.keyTypeAsString()));
        table.attributeDefinitions()
                .forEach(a -> schema.put("attribute " + a.attributeName(), a.attributeTypeAsString()));
        if (table.hasGlobalSecondaryIndexes()) {
            table.globalSecondaryIndexes()
                    .forEach(i -> i.keySchema()
                            .forEach(k -> schema.put(
                                    "index " + i.indexName() + " key " + k.attributeName(), k.keyTypeAsString())));
        }
        if (table.streamSpecification() != null
                && Boolean.TRUE.equals(table.streamSpecification().streamEnabled())) {
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
        new DynamoDbTables(client, names).createIndexTable();
        DynamoDbPublishedPosts.createTable(client, prefix + DynamoDbPublishedPosts.TABLE_SUFFIX);
        DynamoDbReactionLedger.createTable(client, prefix + AuthorStats.NAME);
        new DynamoDbTables(client, names).createKeysTable();

        JsonNode resources = template().get("Resources");
        List<String> compared = new ArrayList<>();
        for (var resource : resources.properties()) {
            JsonNode properties = resource.getValue().get("Properties");
            if (!resource.getValue().get("Type").asText().equals("AWS::DynamoDB::Table")) {
                continue;
            }
            String suffix = properties.get("TableName").get("Fn::Sub").asText().replace("${TablePrefix}", "");
            TableDescription created =
                    client.describeTable(b -> b.tableName(prefix + suffix)).table();
            assertThat(schema(properties))
                    .as("%s (%s)", resource.getKey(), suffix)
                    .isEqualTo(schema(created));
            compared.add(suffix);
        }
        assertThat(compared)
                .containsExactlyInAnyOrder(
                        "events",
                        "BlogPost",
                        "Author",
                        "checkpoints",
                        "published-posts",
                        "author-stats",
                        "events-index",
                        "events-keys");
        assertThat(names.keysTable())
                .as("the keys table the service finds by the prefix")
                .isEqualTo(prefix + "events-keys");
    }

    /** The events table is the system of record; the index cannot be rebuilt by the stack and consumers' positions point into it. */
    @ParameterizedTest
    @ValueSource(strings = {"EventsTable", "IndexTable"})
    void the_events_table_and_the_index_are_protected(String table) throws Exception {
        JsonNode events = template().get("Resources").get(table);

        assertThat(events.get("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(events.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        JsonNode properties = events.get("Properties");
        assertThat(properties.get("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(properties
                        .get("PointInTimeRecoverySpecification")
                        .get("PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isTrue();
        assertThat(properties.get("SSESpecification").get("SSEEnabled").asBoolean())
                .isTrue();
    }

    @Test
    void every_table_is_on_demand() throws Exception {
        JsonNode resources = template().get("Resources");
        List<String> tables = new ArrayList<>();
        for (var resource : resources.properties()) {
            if (resource.getValue().get("Type").asText().equals("AWS::DynamoDB::Table")) {
                tables.add(resource.getKey());
                assertThat(resource.getValue()
                                .get("Properties")
                                .path("BillingMode")
                                .asText())
                        .as(resource.getKey())
                        .isEqualTo("PAY_PER_REQUEST");
            }
        }
        assertThat(tables).contains("IndexTable");
    }

    /** Every event source mapping in the template, by logical id. */
    private static List<String> mappings(JsonNode resources) {
        List<String> mappings = new ArrayList<>();
        resources.properties().forEach(r -> {
            if (r.getValue().get("Type").asText().equals("AWS::Lambda::EventSourceMapping")) {
                mappings.add(r.getKey());
            }
        });
        return mappings;
    }

    @Test
    void each_stream_lambda_reports_partial_batches_retries_a_bounded_number_of_times_and_hands_over_the_rest()
            throws Exception {
        JsonNode resources = template().get("Resources");
        assertThat(mappings(resources))
                .as("the indexer is the one stream Lambda")
                .containsExactly("IndexerEventSourceMapping");
        for (String name : mappings(resources)) {
            JsonNode mapping = resources.get(name).get("Properties");
            assertThat(mapping.get("FunctionResponseTypes"))
                    .as(name)
                    .extracting(JsonNode::asText)
                    .containsExactly("ReportBatchItemFailures");
            assertThat(mapping.get("BisectBatchOnFunctionError").asBoolean())
                    .as(name)
                    .isTrue();
            assertThat(mapping.get("MaximumRetryAttempts").asInt()).as(name).isBetween(0, 100);
            String destination = mapping.get("DestinationConfig")
                    .get("OnFailure")
                    .get("Destination")
                    .get("Fn::GetAtt")
                    .get(0)
                    .asText();
            assertThat(resources.get(destination).get("Type").asText()).as(name).isEqualTo("AWS::SQS::Queue");
            String function = mapping.get("FunctionName").get("Ref").asText();
            String handler =
                    resources.get(function).get("Properties").get("Handler").asText();
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(RequestHandler.class.isAssignableFrom(type))
                    .as("%s is a Lambda RequestHandler", handler)
                    .isTrue();
            assertThat(type.getConstructors())
                    .as("Lambda needs a public no-argument constructor")
                    .anySatisfy(c -> assertThat(c.getParameterCount()).isZero());
        }
        assertThat(resources
                        .get("IndexerFunction")
                        .get("Properties")
                        .get("Handler")
                        .asText())
                .isEqualTo(IndexerLambda.class.getName() + "::handleRequest");
    }

    @Test
    void the_indexer_appends_to_the_index_and_reads_the_stream_and_nothing_else() throws Exception {
        Map<String, Set<String>> allowed = allowed(template().get("Resources").get("IndexerRole"));

        assertThat(allowed)
                .containsOnly(
                        Map.entry("IndexerLogGroup.Arn", Set.of("logs:CreateLogStream", "logs:PutLogEvents")),
                        Map.entry("EventsTable.StreamArn", STREAM_READS),
                        Map.entry("EventsTable.Arn", Set.of("dynamodb:Query")),
                        Map.entry("IndexTable.Arn", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query")),
                        Map.entry("IndexerFailures.Arn", Set.of("sqs:SendMessage")));
    }

    @Test
    void the_service_reads_the_index_runs_its_runners_under_leases_and_never_reads_the_stream() throws Exception {
        JsonNode resources = template().get("Resources");
        Map<String, Set<String>> allowed = allowed(resources.get("ServiceRole"));

        assertThat(allowed.get("IndexTable.Arn"))
                .as("DynamoDbIndexFeed: the tail item and the chunks")
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query");
        assertThat(allowed.get("CheckpointsTable.Arn"))
                .as("leases (UpdateItem) and parked posts")
                .contains(
                        "dynamodb:UpdateItem",
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:Scan");
        assertThat(allowed.get("EventsTable.Arn"))
                .as("the runners' catch-up (Scan), gap fills (Query) and the index " + "feed's bodies (BatchGetItem)")
                .contains("dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem");
        assertThat(allowed.get("AuthorStatsLedgerTable.Arn"))
                .as("the ledger and its checkpoint")
                .contains("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:DeleteItem");
        assertThat(allowed.get("PublishedPostsTable.Arn"))
                .as("the rows and their checkpoint; the authors' names of a " + "page (BatchGetItem)")
                .contains(
                        "dynamodb:GetItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:PutItem",
                        "dynamodb:DeleteItem",
                        "dynamodb:BatchGetItem");
        assertThat(allowed.keySet()).as("no stream").noneMatch(target -> target.endsWith(".StreamArn"));
        assertThat(allowed.values())
                .as("no stream action")
                .allSatisfy(actions -> assertThat(actions).doesNotContainAnyElementsOf(STREAM_READS));

        Options service = serviceOptions(resources
                .get("TaskDefinition")
                .get("Properties")
                .get("ContainerDefinitions")
                .get(0));
        assertThat(service.store()).isEqualTo("dynamodb");
        assertThat(service.readModelRunner())
                .as("the service keeps the read model and runs the workflow")
                .isTrue();
        assertThat(service.indexFeed()).as("from the index").isTrue();
        assertThat(service.indexerHere()).as("which the Lambda writes").isFalse();
    }

    /** What a role may do, by target ({@code Logical.Attribute} for a Fn::GetAtt, the logical id otherwise). */
    private static Map<String, Set<String>> allowed(JsonNode role) {
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (JsonNode policy : role.get("Properties").get("Policies")) {
            for (JsonNode statement : policy.get("PolicyDocument").get("Statement")) {
                for (JsonNode resource : list(statement.get("Resource"))) {
                    String target = resource.has("Fn::GetAtt")
                            ? resource.get("Fn::GetAtt").get(0).asText() + "."
                                    + resource.get("Fn::GetAtt").get(1).asText()
                            : resourceOf(resource);
                    list(statement.get("Action"))
                            .forEach(action -> allowed.computeIfAbsent(target, t -> new java.util.TreeSet<>())
                                    .add(action.asText()));
                }
            }
        }
        return allowed;
    }

    /** DynamoDB throttles a shard read by more than this many processes at a time. */
    private static final int MAX_STREAM_READERS = 2;

    /**
     * The readers of each table's stream, by the table's logical id: every Lambda event source mapping and EventBridge
     * pipe whose source is the stream, a global table's replication, and what each container of the example's image
     * adds by its flags ({@code Options.streamReaders}: its runners on {@code --feed stream}, its indexer with
     * {@code --indexer here}), counted once however many tasks run it, since each of those runs under a lease. A
     * container of another image (a KCL application, say) cannot be counted from here, so it fails the count until
     * this method is taught what it reads.
     */
    static Map<String, List<String>> streamReaders(JsonNode resources) {
        Map<String, List<String>> readers = new TreeMap<>();
        for (var resource : resources.properties()) {
            String name = resource.getKey();
            JsonNode properties = resource.getValue().path("Properties");
            switch (resource.getValue().get("Type").asText()) {
                case "AWS::Lambda::EventSourceMapping" ->
                    streamOf(properties.path("EventSourceArn"))
                            .ifPresent(table -> readers.computeIfAbsent(table, t -> new ArrayList<>())
                                    .add(name));
                case "AWS::Pipes::Pipe" ->
                    streamOf(properties.path("Source"))
                            .ifPresent(table -> readers.computeIfAbsent(table, t -> new ArrayList<>())
                                    .add(name));
                case "AWS::DynamoDB::GlobalTable" -> {
                    if (properties.path("Replicas").size() > 1) {
                        readers.computeIfAbsent(name, t -> new ArrayList<>()).add(name + " replication");
                    }
                }
                case "AWS::ECS::TaskDefinition" -> {
                    for (JsonNode container : properties.path("ContainerDefinitions")) {
                        String image = container.path("Image").path("Fn::Sub").asText();
                        if (!image.startsWith("${ImageRepository.")) {
                            throw new AssertionError(("%s runs the image %s, not the example's service: count here the "
                                            + "streams it reads (a KCL application is one reader)")
                                    .formatted(name, container.path("Image")));
                        }
                        Options options = serviceOptions(container);
                        for (int i = 0; i < options.streamReaders(); i++) {
                            readers.computeIfAbsent("EventsTable", t -> new ArrayList<>())
                                    .add(name + " " + container.get("Name").asText() + " reader " + (i + 1));
                        }
                    }
                }
                default -> {}
            }
        }
        return readers;
    }

    /** The table whose stream {@code arn} names (Fn::GetAtt [Table, StreamArn]); empty for another kind of source. */
    private static java.util.Optional<String> streamOf(JsonNode arn) {
        JsonNode getAtt = arn.path("Fn::GetAtt");
        if (getAtt.size() == 2 && getAtt.get(1).asText().equals("StreamArn")) {
            return java.util.Optional.of(getAtt.get(0).asText());
        }
        if (arn.toString().contains(":stream/") || arn.toString().contains("StreamArn")) {
            throw new AssertionError("a stream source this test cannot resolve to a table: " + arn);
        }
        return java.util.Optional.empty();
    }

    /**
     * The example service's flags and environment in a container, a Ref standing for its parameter's value
     * ({@code ref-TablePrefix}), a Fn::GetAtt for the attribute ({@code getatt-PersonalDataKey.Arn}).
     */
    private static Options serviceOptions(JsonNode container) {
        List<String> args = new ArrayList<>();
        for (JsonNode arg : container.get("Command")) {
            args.add(value(arg));
        }
        assertThat(args)
                .as("the service finds its tables by the stack's prefix")
                .containsSubsequence("--table-prefix", "ref-TablePrefix");
        Map<String, String> env = new TreeMap<>();
        container
                .path("Environment")
                .forEach(variable -> env.put(variable.get("Name").asText(), value(variable.get("Value"))));
        return Options.parse(args.toArray(String[]::new), env);
    }

    private static String value(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Fn::GetAtt")) {
            return "getatt-" + value.get("Fn::GetAtt").get(0).asText() + "."
                    + value.get("Fn::GetAtt").get(1).asText();
        }
        return "ref-" + value.get("Ref").asText().replace("AWS::", "");
    }

    /** The encryption context key DynamoDbDataKeys gives KMS (the subject's id is its value). */
    private static final String ENCRYPTION_CONTEXT_KEY = "escqrs-subject";
    /** What escqrs calls KMS for: a new data key, and unwrapping a stored one. */
    private static final Set<String> KMS_USE = Set.of("kms:GenerateDataKey", "kms:Decrypt");

    /**
     * The roles of processes that decode events, and so unwrap data keys: the service's task role, and the role of
     * every Lambda function whose handler decodes (a {@code ProjectionStreamHandler}); with whether each also writes
     * personal data and forgets authors (the service: it makes keys and tombstones).
     */
    private static Map<String, Boolean> decodingRoles(JsonNode resources) throws ClassNotFoundException {
        Map<String, Boolean> roles = new TreeMap<>();
        for (var resource : resources.properties()) {
            JsonNode properties = resource.getValue().path("Properties");
            switch (resource.getValue().get("Type").asText()) {
                case "AWS::ECS::TaskDefinition" ->
                    roles.put(
                            properties
                                    .get("TaskRoleArn")
                                    .get("Fn::GetAtt")
                                    .get(0)
                                    .asText(),
                            true);
                case "AWS::Lambda::Function" -> {
                    String handler = properties.get("Handler").asText();
                    Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
                    if (dev.escqrs.dynamodb.lambda.ProjectionStreamHandler.class.isAssignableFrom(type)) {
                        roles.put(
                                properties.get("Role").get("Fn::GetAtt").get(0).asText(), false);
                    }
                }
                default -> {}
            }
        }
        return roles;
    }

    /**
     * What breaks the rules of the personal data key in {@code resources}, one line each: a role that decodes events
     * may unwrap data keys ({@code kms:Decrypt} on PersonalDataKey, {@code dynamodb:GetItem} on KeysTable), the
     * service may also make and forget them ({@code kms:GenerateDataKey}, {@code dynamodb:PutItem}), and nothing more;
     * every other role has neither; every KMS statement names the key itself (never "*", never {@code kms:*}) and
     * requires escqrs's encryption context.
     */
    static List<String> personalDataKeyFindings(JsonNode resources) throws ClassNotFoundException {
        List<String> findings = new ArrayList<>();
        Map<String, Boolean> decoding = decodingRoles(resources);
        for (var resource : resources.properties()) {
            if (!resource.getValue().get("Type").asText().equals("AWS::IAM::Role")) {
                continue;
            }
            String role = resource.getKey();
            for (JsonNode policy : resource.getValue().get("Properties").get("Policies")) {
                for (JsonNode statement : policy.get("PolicyDocument").get("Statement")) {
                    List<String> actions = list(statement.get("Action")).stream()
                            .map(JsonNode::asText)
                            .filter(action -> action.startsWith("kms:") || action.equals("*"))
                            .toList();
                    if (actions.isEmpty()) {
                        continue;
                    }
                    String where = role + " " + statement.path("Sid").asText();
                    if (!KMS_USE.containsAll(actions)) {
                        findings.add(where + ": KMS actions beyond GenerateDataKey and Decrypt: " + actions);
                    }
                    List<String> targets = list(statement.get("Resource")).stream()
                            .map(DeployTemplateTest::resourceOf)
                            .toList();
                    if (!targets.equals(List.of("PersonalDataKey"))) {
                        findings.add(where + ": KMS on " + targets + ", not on PersonalDataKey alone");
                    }
                    JsonNode condition = statement.path("Condition");
                    List<String> contextKeys =
                            list(condition.path("ForAllValues:StringEquals").path("kms:EncryptionContextKeys")).stream()
                                    .map(JsonNode::asText)
                                    .toList();
                    if (!contextKeys.equals(List.of(ENCRYPTION_CONTEXT_KEY))
                            || !condition
                                    .path("Null")
                                    .path("kms:EncryptionContextKeys")
                                    .asText()
                                    .equals("false")) {
                        findings.add(where + ": KMS without the encryption context " + ENCRYPTION_CONTEXT_KEY);
                    }
                }
            }
            Map<String, Set<String>> allowed = allowed(resource.getValue());
            Set<String> onKey = allowed.getOrDefault("PersonalDataKey.Arn", Set.of());
            Set<String> onKeys = allowed.getOrDefault("KeysTable.Arn", Set.of());
            if (decoding.containsKey(role)) {
                boolean writes = decoding.get(role);
                Set<String> key = writes ? KMS_USE : Set.of("kms:Decrypt");
                Set<String> table =
                        writes ? Set.of("dynamodb:GetItem", "dynamodb:PutItem") : Set.of("dynamodb:GetItem");
                if (!onKey.equals(key) || !onKeys.equals(table)) {
                    findings.add("%s decodes events: it needs %s on PersonalDataKey and %s on KeysTable, has %s and %s"
                            .formatted(role, key, table, onKey, onKeys));
                }
            } else if (!onKey.isEmpty() || !onKeys.isEmpty()) {
                findings.add("%s decodes no event, yet may use the data keys: %s, %s".formatted(role, onKey, onKeys));
            }
        }
        return findings;
    }

    @Test
    void a_role_that_decodes_events_unwraps_data_keys_under_escqrs_encryption_context_and_no_role_has_more()
            throws Exception {
        JsonNode resources = template().get("Resources");

        assertThat(decodingRoles(resources))
                .as("the service; the indexer reads no payload")
                .containsExactly(Map.entry("ServiceRole", true));
        assertThat(personalDataKeyFindings(resources)).isEmpty();
    }

    /** The rule above, on templates that break it. */
    @Test
    void the_personal_data_key_rule_catches_a_wildcard_a_missing_grant_and_a_role_that_needs_none() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode wildcard =
                (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        var statement = (com.fasterxml.jackson.databind.node.ObjectNode)
                statement(wildcard, "ServiceRole", "WrapAndUnwrapDataKeys");
        statement.putArray("Action").add("kms:*");
        statement.put("Resource", "*");
        assertThat(personalDataKeyFindings(wildcard))
                .anySatisfy(f -> assertThat(f).contains("beyond"))
                .anySatisfy(f -> assertThat(f).contains("KMS on [*]"));

        var unconditioned =
                (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        statement(unconditioned, "ServiceRole", "WrapAndUnwrapDataKeys"))
                .remove("Condition");
        assertThat(personalDataKeyFindings(unconditioned))
                .singleElement()
                .satisfies(f -> assertThat(f).contains("without the encryption context"));

        var noDecrypt =
                (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        ((com.fasterxml.jackson.databind.node.ObjectNode) statement(noDecrypt, "ServiceRole", "WrapAndUnwrapDataKeys"))
                .putArray("Action")
                .add("kms:GenerateDataKey");
        assertThat(personalDataKeyFindings(noDecrypt))
                .singleElement()
                .satisfies(f -> assertThat(f).startsWith("ServiceRole decodes events"));

        var indexerWithKeys =
                (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        ((com.fasterxml.jackson.databind.node.ArrayNode) indexerWithKeys
                        .get("IndexerRole")
                        .get("Properties")
                        .get("Policies")
                        .get(0)
                        .get("PolicyDocument")
                        .get("Statement"))
                .add(statement(indexerWithKeys, "ServiceRole", "WrapAndUnwrapDataKeys")
                        .deepCopy());
        assertThat(personalDataKeyFindings(indexerWithKeys))
                .singleElement()
                .satisfies(f -> assertThat(f).startsWith("IndexerRole decodes no event"));

        var decodingLambda =
                (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        decodingLambda.get("IndexerFunction").get("Properties"))
                .put(
                        "Handler",
                        dev.escqrs.example.blogpost.lambda.PublishedPostsLambda.class.getName() + "::handleRequest");
        assertThat(personalDataKeyFindings(decodingLambda))
                .as("a projection Lambda without the keys")
                .singleElement()
                .satisfies(f -> assertThat(f).startsWith("IndexerRole decodes events"));
    }

    private static JsonNode statement(JsonNode resources, String role, String sid) {
        for (JsonNode statement : resources
                .get(role)
                .get("Properties")
                .get("Policies")
                .get(0)
                .get("PolicyDocument")
                .get("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError(role + " has no statement " + sid);
    }

    @Test
    void the_personal_data_key_rotates_is_kept_and_the_account_alone_administers_it() throws Exception {
        JsonNode resources = template().get("Resources");
        JsonNode key = resources.get("PersonalDataKey");

        assertThat(key.get("DeletionPolicy").asText())
                .as("retained with the tables whose keys it wraps")
                .isEqualTo("Retain");
        JsonNode properties = key.get("Properties");
        assertThat(properties.get("EnableKeyRotation").asBoolean()).isTrue();
        List<JsonNode> statements = list(properties.get("KeyPolicy").get("Statement"));
        assertThat(statements).allSatisfy(s -> {
            assertThat(s.get("Effect").asText()).isEqualTo("Allow");
            assertThat(s.get("Principal").get("AWS").get("Fn::Sub").asText())
                    .isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:root");
        });
        List<String> actions = statements.stream()
                .flatMap(s -> list(s.get("Action")).stream())
                .map(JsonNode::asText)
                .toList();
        assertThat(actions)
                .as("the account administers it (a key policy it could not change would lock it out)")
                .contains("kms:Put*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:Enable*")
                .doesNotContain("kms:*", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*");
        assertThat(resources
                        .get("PersonalDataKeyAlias")
                        .get("Properties")
                        .get("TargetKeyId")
                        .get("Ref")
                        .asText())
                .isEqualTo("PersonalDataKey");
    }

    @Test
    void the_keys_table_is_protected_but_keeps_no_backup_that_would_bring_a_forgotten_key_back() throws Exception {
        JsonNode keys = template().get("Resources").get("KeysTable");

        assertThat(keys.get("DeletionPolicy").asText()).isEqualTo("Retain");
        JsonNode properties = keys.get("Properties");
        assertThat(properties.get("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(properties
                        .get("PointInTimeRecoverySpecification")
                        .get("PointInTimeRecoveryEnabled")
                        .isBoolean())
                .as("said, not left to a default")
                .isTrue();
        assertThat(properties
                        .get("PointInTimeRecoverySpecification")
                        .get("PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isFalse();
        assertThat(properties.has("StreamSpecification")).isFalse();
    }

    @Test
    void the_service_is_given_the_key_its_role_may_use() throws Exception {
        JsonNode container = template()
                .get("Resources")
                .get("TaskDefinition")
                .get("Properties")
                .get("ContainerDefinitions")
                .get(0);

        assertThat(serviceOptions(container).kmsKey()).contains("getatt-PersonalDataKey.Arn");
    }

    /** The streams that have more readers than DynamoDB serves, with who reads them. */
    private static Map<String, List<String>> overcrowded(JsonNode resources) {
        Map<String, List<String>> over = new TreeMap<>(streamReaders(resources));
        over.values().removeIf(readers -> readers.size() <= MAX_STREAM_READERS);
        return over;
    }

    @Test
    void no_tables_stream_has_more_than_two_readers_and_the_events_table_has_one_the_indexer() throws Exception {
        JsonNode resources = template().get("Resources");

        assertThat(overcrowded(resources))
                .as("streams read by more than %d processes (AWS throttles them)", MAX_STREAM_READERS)
                .isEmpty();
        assertThat(streamReaders(resources))
                .containsExactly(Map.entry("EventsTable", List.of("IndexerEventSourceMapping")));
    }

    /** The rule above, on templates that break it: the two Stream Lambdas back beside the indexer, a service on the Stream. */
    @Test
    void the_reader_count_catches_a_third_reader_of_the_events_tables_stream() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode withLambdas =
                (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        for (String lambda : List.of("ProjectionEventSourceMapping", "AuthorStatsEventSourceMapping")) {
            withLambdas.set(lambda, withLambdas.get("IndexerEventSourceMapping").deepCopy());
        }
        assertThat(overcrowded(withLambdas)).containsOnlyKeys("EventsTable");
        assertThat(overcrowded(withLambdas).get("EventsTable")).hasSize(3);

        com.fasterxml.jackson.databind.node.ObjectNode onTheStream =
                (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        var command = (com.fasterxml.jackson.databind.node.ArrayNode) onTheStream
                .get("TaskDefinition")
                .get("Properties")
                .get("ContainerDefinitions")
                .get(0)
                .get("Command");
        for (int i = command.size() - 1; i >= 0; i--) {
            if (List.of("--feed", "--indexer").contains(command.get(i).asText())) {
                command.remove(i + 1);
                command.remove(i);
            }
        }
        command.add("--feed").add("stream");
        assertThat(overcrowded(onTheStream).get("EventsTable"))
                .as("the indexer and the service's two runners")
                .hasSize(3);

        var kcl = (com.fasterxml.jackson.databind.node.ObjectNode) template().get("Resources");
        ((com.fasterxml.jackson.databind.node.ObjectNode) kcl.get("TaskDefinition")
                        .get("Properties")
                        .get("ContainerDefinitions")
                        .get(0))
                .put("Image", "kcl-worker:1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> streamReaders(kcl))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a KCL application is one reader");
    }

    /** The filter patterns of the metric filters that count {@code metric}, by the log group they read. */
    static Map<String, String> filters(JsonNode resources, String metric) {
        Map<String, String> patterns = new TreeMap<>();
        for (var resource : resources.properties()) {
            JsonNode properties = resource.getValue().get("Properties");
            if (resource.getValue().get("Type").asText().equals("AWS::Logs::MetricFilter")
                    && properties
                            .get("MetricTransformations")
                            .get(0)
                            .get("MetricName")
                            .asText()
                            .equals(metric)) {
                patterns.put(
                        properties.get("LogGroupName").get("Ref").asText(),
                        properties.get("FilterPattern").asText());
            }
        }
        return patterns;
    }

    /** Whether a CloudWatch Logs pattern of quoted terms ({@code "a" "b"}) matches {@code line}: every term is in it. */
    static boolean matches(String pattern, String line) {
        return java.util.Arrays.stream(pattern.split("\" \""))
                .map(term -> term.replace("\"", ""))
                .allMatch(line::contains);
    }

    @Test
    void every_metric_filter_feeds_an_alarm() throws Exception {
        JsonNode resources = template().get("Resources");
        Set<String> alarmed = new java.util.HashSet<>();
        resources.properties().forEach(r -> {
            if (r.getValue().get("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                alarmed.add(r.getValue().get("Properties").path("MetricName").asText());
            }
        });
        resources.properties().forEach(r -> {
            if (r.getValue().get("Type").asText().equals("AWS::Logs::MetricFilter")) {
                assertThat(alarmed)
                        .as(r.getKey())
                        .contains(r.getValue()
                                .get("Properties")
                                .get("MetricTransformations")
                                .get(0)
                                .get("MetricName")
                                .asText());
            }
        });
    }

    /** The read-side alarm counts the line a runner logs once a minute while it keeps failing. */
    @Test
    void the_read_side_alarm_counts_the_line_a_runner_logs_while_it_keeps_failing() throws Exception {
        Map<String, String> patterns = filters(template().get("Resources"), "ReadSideFailingMinutes");
        assertThat(patterns).as("on the service's log, where the runners run").containsOnlyKeys("ServiceLogGroup");
        // a runner whose feed is down, on a clock that runs 20 s a look, so that a minute passes in a few attempts
        java.util.concurrent.atomic.AtomicLong looks = new java.util.concurrent.atomic.AtomicLong();
        java.time.Clock fast = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.EPOCH.plusSeconds(20 * looks.incrementAndGet());
            }
        };
        dev.escqrs.core.port.ChangeFeed down = new dev.escqrs.core.port.ChangeFeed() {
            @Override
            public dev.escqrs.core.port.FeedBatch read(dev.escqrs.core.port.Checkpoint after, int maxEvents) {
                throw new dev.escqrs.core.error.StoreUnavailableException("injected: the index is throttled", null);
            }

            @Override
            public dev.escqrs.core.port.Checkpoint head() {
                throw new dev.escqrs.core.error.StoreUnavailableException("injected: the index is throttled", null);
            }
        };
        var spec = dev.escqrs.core.projection.ProjectionSpec.builder(
                        "published-posts", new dev.escqrs.testkit.projection.RecordingProjection())
                .aggregates(BlogPosts.BLOG_POST)
                .store(new dev.escqrs.inmemory.InMemoryEventStore(
                        BlogPosts.codec(dev.escqrs.core.privacy.DataKeys.inMemory())))
                .build();
        List<String> lines;
        try (LogLines log = LogLines.of(dev.escqrs.core.projection.ProjectionRunner.class)) {
            var running = dev.escqrs.core.projection.ProjectionRunner.builder(spec)
                    .feed(down)
                    .clock(fast)
                    .pollInterval(java.time.Duration.ofMillis(5))
                    .backoffCap(java.time.Duration.ofMillis(5))
                    .build()
                    .start();
            try {
                dev.escqrs.testkit.contract.Eventually.await(
                        "a line that the runner is still failing",
                        () -> log.messages().size() >= 2);
            } finally {
                running.close();
            }
            lines = log.messages();
        }

        assertThat(matches(patterns.get("ServiceLogGroup"), lines.getFirst()))
                .as("not at the first failure: %s", lines)
                .isFalse();
        assertThat(lines.subList(1, lines.size()))
                .as("once a minute while it keeps failing")
                .allSatisfy(line -> assertThat(matches(patterns.get("ServiceLogGroup"), line))
                        .as(line)
                        .isTrue());
    }

    /** The parked-aggregates alarm counts log lines: its filters must match the line a projector writes when it parks. */
    @Test
    void the_parked_alarm_counts_the_line_a_projector_logs_when_it_parks_a_post() throws Exception {
        JsonNode resources = template().get("Resources");
        Map<String, String> filters = filters(resources, "ParkedAggregates");
        assertThat(filters)
                .as("a filter on the log of the service, which runs the read model and the workflow")
                .containsOnlyKeys("ServiceLogGroup");
        List<String> patterns = List.copyOf(filters.values());
        assertThat(resources
                        .get("ParkedAggregatesAlarm")
                        .get("Properties")
                        .get("MetricName")
                        .asText())
                .isEqualTo("ParkedAggregates");

        List<String> logged;
        try (LogLines log = LogLines.of(dev.escqrs.core.projection.Projector.class)) {
            var store = new dev.escqrs.inmemory.InMemoryEventStore(
                    BlogPosts.codec(dev.escqrs.core.privacy.DataKeys.inMemory()));
            var posts = dev.escqrs.core.command.CommandHandler.builder(
                            BlogPosts.BLOG_POST, new dev.escqrs.example.blogpost.domain.BlogPostDecider())
                    .store(store, store)
                    .build();
            posts.handle(dev.escqrs.core.command.CommandRequest.createWithId(
                    "p1",
                    "alice",
                    new dev.escqrs.example.blogpost.domain.BlogPostCommand.CreateBlogPost("Hello", "alice")));
            var failing = new dev.escqrs.testkit.projection.RecordingProjection().beforeApply(e -> {
                throw new IllegalStateException("bug");
            });
            var spec = dev.escqrs.core.projection.ProjectionSpec.builder("published-posts", failing)
                    .aggregates(BlogPosts.BLOG_POST)
                    .store(store)
                    .badRecords(dev.escqrs.core.projection.BadRecords.PARK)
                    .build();
            try (var events = store.events(BlogPosts.BLOG_POST, "p1")) {
                new dev.escqrs.core.projection.Projector(spec, store).apply(events.toList());
            }
            logged = log.messages();
        }
        List<String> parkLines =
                logged.stream().filter(line -> line.contains("p1")).toList();
        assertThat(parkLines).as("one line for the post parked").hasSize(1);
        for (String pattern : patterns) {
            assertThat(matches(pattern, parkLines.getFirst()))
                    .as("%s matches %s", pattern, parkLines.getFirst())
                    .isTrue();
        }
    }
}
