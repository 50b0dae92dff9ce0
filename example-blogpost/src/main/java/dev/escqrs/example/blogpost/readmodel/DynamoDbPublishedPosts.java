package dev.escqrs.example.blogpost.readmodel;

import dev.escqrs.core.event.AggregateEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published-posts read model in its own DynamoDB table ({@code prefix + "published-posts"}, key {@code postId}).
 * Each row holds the version of the post's last event applied, written in the same {@code PutItem} as the change,
 * on condition that the row is still at the version before it: a repeat or a second runner can never apply an event
 * twice. Published posts carry {@code listing = "published"}, the partition key of the sparse index
 * {@value #BY_PUBLICATION} (sort key {@code publishedAt}), which the list reads newest first.
 */
public final class DynamoDbPublishedPosts implements PublishedPosts {
    public static final String TABLE_SUFFIX = "published-posts";
    public static final String BY_PUBLICATION = "listing-publishedAt-index";
    private static final String ID = "postId";
    private static final String LISTING = "listing";
    private static final String PUBLISHED_AT = "publishedAt";
    /** Fixed width, so that the index sorts by time (Instant.toString drops zero fractions). */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient client;
    private final String table;

    public DynamoDbPublishedPosts(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
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
        return row(aggregateId).map(Row::version).orElse(0L);
    }

    @Override
    public void apply(AggregateEvent<?> event) {
        Optional<Row> current = row(event.aggregateId());
        if (current.map(Row::version).orElse(0L) >= event.aggregateVersion()) {
            return; // applied already (by another runner, or before a stale cache said otherwise)
        }
        Row next = Row.next(current, event);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, AttributeValue.fromS(next.id()));
        item.put("title", AttributeValue.fromS(next.title()));
        item.put("authorId", AttributeValue.fromS(next.authorId()));
        item.put("version", AttributeValue.fromN(Long.toString(next.version())));
        if (next.published()) {
            item.put(LISTING, AttributeValue.fromS("published"));
            item.put(PUBLISHED_AT, AttributeValue.fromS(SORTABLE.format(next.publishedAt())));
        }
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        if (current.isEmpty()) {
            put.conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", ID));
        } else {
            // only on top of the event just before it: never a step back, never a version skipped
            put.conditionExpression("#v = :previous").expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":previous",
                            AttributeValue.fromN(Long.toString(event.aggregateVersion() - 1))));
        }
        try {
            client.putItem(put.build());
        } catch (ConditionalCheckFailedException moved) {
            long now = row(event.aggregateId()).map(Row::version).orElse(0L);
            if (now < event.aggregateVersion()) {
                throw new IllegalStateException("published-posts row of %s is at version %d; version %d cannot follow it"
                        .formatted(event.aggregateId(), now, event.aggregateVersion()), moved);
            }
            // another runner applied it first
        }
    }

    private Optional<Row> row(String id) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(ID, AttributeValue.fromS(id)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(row(item));
    }

    private static Row row(Map<String, AttributeValue> item) {
        return new Row(item.get(ID).s(), item.get("title").s(), item.get("authorId").s(), item.containsKey(LISTING),
                item.containsKey(PUBLISHED_AT) ? Instant.parse(item.get(PUBLISHED_AT).s()) : null,
                Long.parseLong(item.get("version").n()));
    }

    @Override
    public List<Summary> published() {
        return client.queryPaginator(b -> b.tableName(table).indexName(BY_PUBLICATION).scanIndexForward(false)
                        .keyConditionExpression("#l = :published")
                        .expressionAttributeNames(Map.of("#l", LISTING))
                        .expressionAttributeValues(Map.of(":published", AttributeValue.fromS("published"))))
                .items().stream().map(DynamoDbPublishedPosts::row).map(Row::summary).toList();
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
