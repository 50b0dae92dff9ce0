package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * ChangeFeedIndexCost's history: blog posts created and retitled, with titles of forty characters, and their events'
 * items written straight to an events table as the store's appends write them (es-dynamodb's {@code EventItems}),
 * uncounted; and what reading one post's events back takes. Post ids and event ids come from one source, in the order
 * they are asked for.
 */
final class PostHistory {
    /** The Queries that time one on this server. */
    private static final int QUERIES = 20;

    private final DynamoDbClient client;
    private final TableNames tables;
    private final JsonCodec codec;
    private final EventItems items;
    private final EventIds ids = EventIds.system();

    PostHistory(DynamoDbClient client, TableNames tables, JsonCodec codec) {
        this.client = client;
        this.tables = tables;
        this.codec = codec;
        this.items = EventItems.of(tables.layout());
    }

    /** A new post's id. */
    String newPost() {
        return ids.next();
    }

    /** The event of version {@code version} of post number {@code p}: its creation first, then its retitles. */
    AggregateEvent<BlogPostEvent> event(String post, int p, int version) {
        String title = "Post %04d, version %02d: a title of forty".formatted(p, version); // 40 characters
        BlogPostEvent payload = version == 1
                ? new BlogPostEvent.BlogPostCreated(title, "alice")
                : new BlogPostEvent.BlogPostTitleChanged(title);
        return new AggregateEvent<>(
                ids.next(),
                version == 1 ? "BlogPostCreated" : "BlogPostTitleChanged",
                BlogPosts.BLOG_POST.name(),
                post,
                version,
                "alice",
                payload,
                EventMetadata.NONE);
    }

    /** The mean size of the events' items, as DynamoDB sizes an item. */
    double meanItemBytes(List<AggregateEvent<BlogPostEvent>> events) {
        return events.stream()
                .mapToLong(e -> DynamoDbTables.itemSize(item(e)))
                .average()
                .orElse(0);
    }

    private Map<String, AttributeValue> item(AggregateEvent<BlogPostEvent> event) {
        return items.toItem(codec.encode(event), tables.eventsByNameShards());
    }

    void write(List<AggregateEvent<BlogPostEvent>> events) {
        write(tables, events);
    }

    /** The events' items, 25 to a {@code BatchWriteItem}, what the store's appends would have put (uncounted). */
    void write(TableNames into, List<AggregateEvent<BlogPostEvent>> events) {
        for (int from = 0; from < events.size(); from += 25) {
            List<WriteRequest> puts = events.subList(from, Math.min(events.size(), from + 25)).stream()
                    .map(e -> WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item(e)).build())
                            .build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(into.eventsTable(), puts);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /**
     * What one consistent {@code Query} of one post's events takes on this server, on the events table ({@code store})
     * and on a table that holds that post alone (the tables of {@code prefix}): on moto a Query walks the whole table,
     * so the two differ by the table's size.
     */
    ObjectNode queryCost(
            ObjectMapper json, DynamoDbEventStore store, String prefix, String post, int eventsPerAggregate) {
        TableNames alone = TableNames.withPrefix(prefix);
        new DynamoDbTables(client, alone).createTables(List.of(BlogPosts.BLOG_POST.name()));
        List<AggregateEvent<BlogPostEvent>> events = new ArrayList<>();
        for (int v = 1; v <= eventsPerAggregate; v++) {
            events.add(event(post, 0, v));
        }
        write(alone, events);
        ObjectNode cost = json.createObjectNode().put("queries", QUERIES).put("eventsPerQuery", eventsPerAggregate);
        cost.put("eventsTableMs", meanQueryMillis(store, post, eventsPerAggregate));
        cost.put(
                "onePostTableMs",
                meanQueryMillis(new DynamoDbEventStore(client, alone, codec), post, eventsPerAggregate));
        return cost;
    }

    private static double meanQueryMillis(DynamoDbEventStore in, String post, long expected) {
        long start = System.nanoTime();
        for (int i = 0; i < QUERIES; i++) {
            long read = in.events(BlogPosts.BLOG_POST, post).count();
            if (read != expected) {
                throw new IllegalStateException("post %s: read %d events, not %d".formatted(post, read, expected));
            }
        }
        return MeteredClients.millisSince(start) / QUERIES;
    }
}
