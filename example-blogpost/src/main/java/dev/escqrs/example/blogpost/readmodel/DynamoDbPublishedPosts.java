package dev.escqrs.example.blogpost.readmodel;

import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.AUTHOR_PREFIX;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.FIX;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.ID;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.VERSION;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.key;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.number;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.DurableProjection;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbFailures;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The published-posts read model in its own DynamoDB table ({@code prefix + "published-posts"}, key {@code postId}),
 * with its runner's checkpoint in the same table (a {@link DurableProjection}): restored, emptied or rebuilt, the rows
 * and the position move together, so a restart never resumes after events the rows lack.
 *
 * <p>One request per event: an {@code UpdateItem} that sets what the event changed ({@link RowUpdates}) and the post's
 * version, on condition that the row is at the version before it (or absent, for a creation). A repeat or a second
 * runner can never apply an event twice or skip one; a refused condition returns the row as it is
 * ({@code ReturnValuesOnConditionCheckFailure}), so telling "applied already" from "out of order" costs no read.
 * Published posts carry {@code listing = "published"}, the partition key of the sparse index {@value #BY_PUBLICATION}
 * (sort key {@code publishedAt}), which the list reads newest first, a page at a time ({@link PublishedPostsQuery}).
 *
 * <p>Each author has an item of their own, {@code postId = "author#" + id}, with the copy of their name and their
 * version, written by the author's events as a post's row by the post's; the list reads the names of a page's authors
 * with one {@code BatchGetItem}. When the author is forgotten the name is removed from that one item (the copy
 * dropped, {@code forgotten} set), and no post row ever held it. The table's layout: {@link PublishedPostsTable}.
 */
public final class DynamoDbPublishedPosts implements PublishedPosts, DurableProjection {
    public static final String TABLE_SUFFIX = "published-posts";
    public static final String BY_PUBLICATION = "listing-publishedAt-index";

    private final DynamoDbClient client;
    private final String table;
    private final Checkpoints checkpoints;
    private final PublishedPostsQuery query;

    public DynamoDbPublishedPosts(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
        this.checkpoints = DynamoDbCheckpoints.inTable(client, table, ID);
        this.query = new PublishedPostsQuery(client, table);
    }

    @Override
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Creates the table and its index if missing (idempotent); CloudFormation declares the same (docs/dynamodb.md). */
    public static void createTable(DynamoDbClient client, String table) {
        PublishedPostsTable.create(client, table);
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
                update = RowUpdates.post(post, event, names, values);
            }
            case Author.Event author -> {
                id = AUTHOR_PREFIX + event.aggregateId();
                update = RowUpdates.author(author, names, values);
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

    /** One {@code Query} of the index and one {@code BatchGetItem} of the authors' names ({@link PublishedPostsQuery}). */
    @Override
    public Page published(int limit, Optional<Cursor> after) {
        return query.published(limit, after);
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
