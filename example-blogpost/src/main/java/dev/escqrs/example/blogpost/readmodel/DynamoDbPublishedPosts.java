package dev.escqrs.example.blogpost.readmodel;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.DurableProjection;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbFailures;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

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
 *
 * <p>Each author has an item of their own, {@code postId = "author#" + id}, with the copy of their name and their
 * version, written by the author's events as a post's row by the post's; the list reads the names of a page's authors
 * with one {@code BatchGetItem}. When the author is forgotten the name is removed from that one item (the copy
 * dropped, {@code forgotten} set), and no post row ever held it.
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
    private static final String AUTHOR_PREFIX = "author#";
    private static final String AUTHOR_NAME = "authorName";
    private static final String FORGOTTEN = "forgotten";
    /** The most keys one {@code BatchGetItem} takes. */
    private static final int BATCH_GET_KEYS = 100;

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
            client.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(ID), attribute(LISTING), attribute(PUBLISHED_AT))
                    .keySchema(key(ID, KeyType.HASH))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(BY_PUBLICATION)
                            .keySchema(key(LISTING, KeyType.HASH), key(PUBLISHED_AT, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))
                            .build()));
        } catch (ResourceInUseException exists) {
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Override
    public long appliedVersion(String aggregateName, String aggregateId) {
        String id = aggregateName.equals(Author.AUTHOR.name()) ? AUTHOR_PREFIX + aggregateId : aggregateId;
        Map<String, AttributeValue> item = DynamoDbFailures.guard(
                table,
                FIX,
                () -> "reading published-posts row " + id,
                () -> client.getItem(b -> b.tableName(table)
                                .consistentRead(true)
                                .key(key(id))
                                .projectionExpression("#v")
                                .expressionAttributeNames(Map.of("#v", VERSION)))
                        .item());
        return item == null || !item.containsKey(VERSION)
                ? 0
                : Long.parseLong(item.get(VERSION).n());
    }

    @Override
    public void apply(AggregateEvent<?> event) {
        Map<String, String> names = new HashMap<>(Map.of("#v", VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", number(event.aggregateVersion())));
        String id;
        String update;
        switch (event.payload()) {
            case BlogPostEvent post -> {
                id = event.aggregateId();
                update = postUpdate(post, event, names, values);
            }
            case Author.Event author -> {
                id = AUTHOR_PREFIX + event.aggregateId();
                update = authorUpdate(author, names, values);
            }
            default ->
                throw new IllegalArgumentException("neither a blog post's nor an author's event: " + event.eventName());
        }
        String condition;
        if (event.aggregateVersion() == 1) {
            condition = "attribute_not_exists(#v)";
        } else {
            // only on top of the event just before it: never a step back, never a version skipped
            condition = "#v = :previous";
            values.put(":previous", number(event.aggregateVersion() - 1));
        }
        try {
            DynamoDbFailures.run(
                    table,
                    FIX,
                    () -> "writing published-posts row " + id,
                    () -> client.updateItem(b -> b.tableName(table)
                            .key(key(id))
                            .updateExpression(update)
                            .conditionExpression(condition)
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException moved) {
            long now = moved.hasItem() && moved.item().containsKey(VERSION)
                    ? Long.parseLong(moved.item().get(VERSION).n())
                    : appliedVersion(event.aggregateName(), event.aggregateId());
            if (now < event.aggregateVersion()) {
                throw new IllegalStateException(
                        "published-posts row of %s is at version %d; version %d cannot follow it"
                                .formatted(id, now, event.aggregateVersion()),
                        moved);
            }
            // applied already, by another runner
        }
    }

    /** What a post's event sets on its row. */
    private static String postUpdate(
            BlogPostEvent payload,
            AggregateEvent<?> event,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        return switch (payload) {
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
    }

    /**
     * What an author's event sets on their item: the copy of the name, the version only, or, once the author is
     * forgotten, the name removed and the item marked.
     */
    private static String authorUpdate(
            Author.Event payload, Map<String, String> names, Map<String, AttributeValue> values) {
        return switch (payload) {
            case Author.AuthorProfileSet set -> {
                names.put("#name", AUTHOR_NAME);
                values.put(":name", AttributeValue.fromS(set.name()));
                yield "SET #name = :name, #v = :v";
            }
            case Author.PublishedPostCounted counted -> "SET #v = :v";
            case Author.AuthorForgotten forgotten -> {
                names.put("#name", AUTHOR_NAME);
                names.put("#f", FORGOTTEN);
                values.put(":true", AttributeValue.fromBool(true));
                yield "SET #f = :true, #v = :v REMOVE #name";
            }
        };
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, AttributeValue.fromS(id));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static Summary summary(Map<String, AttributeValue> item, Map<String, Optional<String>> authorNames) {
        String authorId = item.get("authorId").s();
        return new Summary(
                item.get(ID).s(),
                item.get("title").s(),
                authorId,
                authorNames.getOrDefault(authorId, Optional.empty()),
                Instant.parse(item.get(PUBLISHED_AT).s()),
                Long.parseLong(item.get(VERSION).n()));
    }

    /** The names of these authors as the list shows them, by author id: one {@code BatchGetItem} for a page. */
    private Map<String, Optional<String>> authorNames(Set<String> authorIds) {
        Map<String, Optional<String>> names = new HashMap<>();
        List<Map<String, AttributeValue>> keys =
                authorIds.stream().map(id -> key(AUTHOR_PREFIX + id)).toList();
        for (int from = 0; from < keys.size(); from += BATCH_GET_KEYS) {
            Map<String, KeysAndAttributes> pending = Map.of(
                    table,
                    KeysAndAttributes.builder()
                            .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_KEYS)))
                            .projectionExpression("#id, #name, #f")
                            .expressionAttributeNames(Map.of("#id", ID, "#name", AUTHOR_NAME, "#f", FORGOTTEN))
                            .build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = DynamoDbFailures.guard(
                        table,
                        FIX,
                        () -> "reading the authors' names",
                        () -> client.batchGetItem(b -> b.requestItems(request)));
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    String id = item.get(ID).s().substring(AUTHOR_PREFIX.length());
                    boolean forgotten =
                            item.containsKey(FORGOTTEN) && item.get(FORGOTTEN).bool();
                    Optional<String> name =
                            Optional.ofNullable(item.get(AUTHOR_NAME)).map(AttributeValue::s);
                    names.put(id, new AuthorRow(id, name, forgotten, 0).shown());
                });
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return names;
    }

    /**
     * One {@code Query} of the index, {@code limit} items, starting after the cursor's post, and one
     * {@code BatchGetItem} of the names of their authors.
     */
    @Override
    public Page published(int limit, Optional<Cursor> after) {
        PublishedPosts.requireLimit(limit);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(BY_PUBLICATION)
                .scanIndexForward(false)
                .limit(limit)
                .keyConditionExpression("#l = :published")
                .expressionAttributeNames(Map.of("#l", LISTING))
                .expressionAttributeValues(Map.of(":published", AttributeValue.fromS(PUBLISHED)));
        after.ifPresent(c -> query.exclusiveStartKey(Map.of(
                ID,
                AttributeValue.fromS(c.id()),
                LISTING,
                AttributeValue.fromS(PUBLISHED),
                PUBLISHED_AT,
                AttributeValue.fromS(Cursor.sortable(c.publishedAt())))));
        QueryResponse response =
                DynamoDbFailures.guard(table, FIX, () -> "listing published posts", () -> client.query(query.build()));
        Set<String> authorIds = new LinkedHashSet<>();
        response.items().forEach(item -> authorIds.add(item.get("authorId").s()));
        Map<String, Optional<String>> names = authorIds.isEmpty() ? Map.of() : authorNames(authorIds);
        List<Summary> posts =
                response.items().stream().map(item -> summary(item, names)).toList();
        boolean more =
                response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !posts.isEmpty();
        return new Page(posts, more ? Optional.of(Cursor.after(posts.getLast())) : Optional.empty());
    }

    /** Deletes every row (for a rebuild). */
    @Override
    public void reset() {
        List<WriteRequest> deletes = new ArrayList<>();
        client.scanPaginator(
                        b -> b.tableName(table).projectionExpression("#id").expressionAttributeNames(Map.of("#id", ID)))
                .items()
                .forEach(item -> deletes.add(WriteRequest.builder()
                        .deleteRequest(d -> d.key(Map.of(ID, item.get(ID))))
                        .build()));
        for (int from = 0; from < deletes.size(); from += 25) {
            Map<String, List<WriteRequest>> pending =
                    Map.of(table, deletes.subList(from, Math.min(deletes.size(), from + 25)));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                var response = client.batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }
}
