package dev.escqrs.example.blogpost.readmodel;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.DurableProjection;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbFailures;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published-posts read model in its own DynamoDB table ({@code prefix + "published-posts"}, key {@code postId}),
 * with its runner's checkpoint in the same table (a {@link DurableProjection}): restored, emptied or rebuilt, the rows
 * and the position move together, so a restart never resumes after events the rows lack.
 *
 * <p>One request per event: an {@code UpdateItem} that sets what the event changed and the post's version, on
 * condition that the row is at the version before it (or absent, for a creation). A repeat or a second runner can
 * never apply an event twice or skip one; a refused condition returns the row as it is
 * ({@code ReturnValuesOnConditionCheckFailure}), so telling "applied already" from "out of order" costs no read.
 * Published posts carry {@code listing = "published"}, the partition key of the sparse index {@value #BY_PUBLICATION}
 * (sort key {@code publishedAt}), which the list reads newest first, a page at a time.
 */
public final class DynamoDbPublishedPosts implements PublishedPosts, DurableProjection {
    /** How this read model's table is created, for the message when it is missing. */
    private static final String FIX = "Create it: start the service with --create-tables, or call "
            + "DynamoDbPublishedPosts.createTable(client, table), or deploy it as example-blogpost/deploy/template.yaml does";

    public static final String TABLE_SUFFIX = "published-posts";
    public static final String BY_PUBLICATION = "listing-publishedAt-index";
    private static final String ID = "postId";
    private static final String LISTING = "listing";
    private static final String PUBLISHED = "published";
    private static final String PUBLISHED_AT = "publishedAt";
    private static final String VERSION = "version";

    private final DynamoDbClient client;
    private final String table;
    private final Checkpoints checkpoints;

    public DynamoDbPublishedPosts(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
        this.checkpoints = DynamoDbCheckpoints.inTable(client, table, ID);
    }

    @Override
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Creates the table and its index if missing (idempotent); CloudFormation declares the same (docs/dynamodb.md). */
    public static void createTable(DynamoDbClient client, String table) {
        try {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(ID), attribute(LISTING), attribute(PUBLISHED_AT))
                    .keySchema(key(ID, KeyType.HASH))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(BY_PUBLICATION)
                            .keySchema(key(LISTING, KeyType.HASH), key(PUBLISHED_AT, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        } catch (ResourceInUseException exists) {
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Override
    public long appliedVersion(String aggregateName, String aggregateId) {
        Map<String, AttributeValue> item = DynamoDbFailures.guard(table, FIX, () -> "reading published post " + aggregateId,
                () -> client.getItem(b -> b.tableName(table).consistentRead(true).key(key(aggregateId))
                        .projectionExpression("#v").expressionAttributeNames(Map.of("#v", VERSION))).item());
        return item == null || !item.containsKey(VERSION) ? 0 : Long.parseLong(item.get(VERSION).n());
    }

    @Override
    public void apply(AggregateEvent<?> event) {
        if (!(event.payload() instanceof BlogPostEvent payload)) {
            throw new IllegalArgumentException("not a blog post event: " + event.eventName());
        }
        Map<String, String> names = new HashMap<>(Map.of("#v", VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", number(event.aggregateVersion())));
        String set = switch (payload) {
            case BlogPostEvent.BlogPostCreated created -> {
                values.put(":title", AttributeValue.fromS(created.title()));
                values.put(":author", AttributeValue.fromS(created.authorId()));
                yield "SET title = :title, authorId = :author, #v = :v";
            }
            case BlogPostEvent.BlogPostTitleChanged changed -> {
                values.put(":title", AttributeValue.fromS(changed.title()));
                yield "SET title = :title, #v = :v";
            }
            case BlogPostEvent.BlogPostPublished published -> {
                names.put("#l", LISTING);
                names.put("#at", PUBLISHED_AT);
                values.put(":listing", AttributeValue.fromS(PUBLISHED));
                values.put(":at", AttributeValue.fromS(Cursor.sortable(event.occurredAt())));
                yield "SET #l = :listing, #at = :at, #v = :v";
            }
        };
        String condition;
        if (event.aggregateVersion() == 1) {
            condition = "attribute_not_exists(#v)";
        } else {
            // only on top of the event just before it: never a step back, never a version skipped
            condition = "#v = :previous";
            values.put(":previous", number(event.aggregateVersion() - 1));
        }
        try {
            DynamoDbFailures.run(table, FIX, () -> "writing published post " + event.aggregateId(),
                    () -> client.updateItem(b -> b.tableName(table).key(key(event.aggregateId())).updateExpression(set)
                            .conditionExpression(condition).expressionAttributeNames(names)
                            .expressionAttributeValues(values)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException moved) {
            long now = moved.hasItem() && moved.item().containsKey(VERSION) ? Long.parseLong(moved.item().get(VERSION).n())
                    : appliedVersion(event.aggregateName(), event.aggregateId());
            if (now < event.aggregateVersion()) {
                throw new IllegalStateException("published-posts row of %s is at version %d; version %d cannot follow it"
                        .formatted(event.aggregateId(), now, event.aggregateVersion()), moved);
            }
            // applied already, by another runner
        }
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, AttributeValue.fromS(id));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static Summary summary(Map<String, AttributeValue> item) {
        return new Summary(item.get(ID).s(), item.get("title").s(), item.get("authorId").s(),
                Instant.parse(item.get(PUBLISHED_AT).s()), Long.parseLong(item.get(VERSION).n()));
    }

    /** One {@code Query} of the index, {@code limit} items, starting after the cursor's post. */
    @Override
    public Page published(int limit, Optional<Cursor> after) {
        PublishedPosts.requireLimit(limit);
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(BY_PUBLICATION)
                .scanIndexForward(false).limit(limit)
                .keyConditionExpression("#l = :published")
                .expressionAttributeNames(Map.of("#l", LISTING))
                .expressionAttributeValues(Map.of(":published", AttributeValue.fromS(PUBLISHED)));
        after.ifPresent(c -> query.exclusiveStartKey(Map.of(ID, AttributeValue.fromS(c.id()),
                LISTING, AttributeValue.fromS(PUBLISHED), PUBLISHED_AT, AttributeValue.fromS(Cursor.sortable(c.publishedAt())))));
        QueryResponse response = DynamoDbFailures.guard(table, FIX, () -> "listing published posts",
                () -> client.query(query.build()));
        List<Summary> posts = response.items().stream().map(DynamoDbPublishedPosts::summary).toList();
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !posts.isEmpty();
        return new Page(posts, more ? Optional.of(Cursor.after(posts.getLast())) : Optional.empty());
    }

    /** Deletes every row (for a rebuild). */
    @Override
    public void reset() {
        List<WriteRequest> deletes = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(table).projectionExpression("#id").expressionAttributeNames(Map.of("#id", ID)))
                .items().forEach(item -> deletes.add(WriteRequest.builder()
                        .deleteRequest(d -> d.key(Map.of(ID, item.get(ID)))).build()));
        for (int from = 0; from < deletes.size(); from += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table, deletes.subList(from, Math.min(deletes.size(), from + 25)));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                var response = client.batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }
}
