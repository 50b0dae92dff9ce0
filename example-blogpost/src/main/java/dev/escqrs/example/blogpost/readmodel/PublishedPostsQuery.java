package dev.escqrs.example.blogpost.readmodel;

import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.AUTHOR_NAME;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.AUTHOR_PREFIX;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.FIX;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.FORGOTTEN;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.ID;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.LISTING;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.PUBLISHED;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.PUBLISHED_AT;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.VERSION;

import dev.escqrs.dynamodb.DynamoDbFailures;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts.AuthorRow;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts.Cursor;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts.Page;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts.Summary;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * How {@link DynamoDbPublishedPosts} reads its list: a page of the index {@value DynamoDbPublishedPosts#BY_PUBLICATION},
 * newest first, joined to the names of the page's authors, which no post row holds.
 */
final class PublishedPostsQuery {
    /** The most keys one {@code BatchGetItem} takes. */
    private static final int BATCH_GET_KEYS = 100;

    private final DynamoDbClient client;
    private final String table;

    PublishedPostsQuery(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /**
     * One {@code Query} of the index, {@code limit} items, starting after the cursor's post, and one
     * {@code BatchGetItem} of the names of their authors.
     */
    Page published(int limit, Optional<Cursor> after) {
        PublishedPosts.requireLimit(limit);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(DynamoDbPublishedPosts.BY_PUBLICATION)
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
        List<Map<String, AttributeValue>> keys = authorIds.stream()
                .map(id -> PublishedPostsTable.key(AUTHOR_PREFIX + id))
                .toList();
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
}
