package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * escqrs's side of the DynamoDB comparison, against the server at ENDPOINT (moto in scripts/bench): the scenario the
 * Node script runs with the original package (posts created, then retitled, one writer), and the requests and bytes
 * of single operations, counted on the wire with {@link RequestCounter}.
 *
 * <pre>java ... DynamoDbComparison ENDPOINT TABLE_PREFIX [posts] [retitles] [historyEvents] [default|indexed]
 *     [two-item|one-item]</pre>
 * Prints one JSON line in the shape the Node script prints. {@code default}: escqrs's default tables (a NEW_IMAGE
 * stream, no index); {@code indexed}: with the events-by-name index ({@code withEventsByName(4)}), the layout that
 * matches what the package's users deploy (a stream and an event-name index). {@code one-item}: the blog post in
 * {@link StorageMode#ONE_ITEM} (default two-item). Capacity units are computed from the items' sizes
 * ({@link CapacityMeter}).
 */
public final class DynamoDbComparison {
    private DynamoDbComparison() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String prefix = args[1];
        int posts = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int retitles = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int historyEvents = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        boolean indexed = args.length > 5 && args[5].equals("indexed");
        StorageMode storage =
                args.length > 6 && args[6].equals("one-item") ? StorageMode.ONE_ITEM : StorageMode.TWO_ITEM;
        TableNames tables = (indexed
                        ? TableNames.withPrefix(prefix).withEventsByName(4)
                        : TableNames.withPrefix(prefix))
                .withStorage(storage);
        RequestCounter counter = new RequestCounter();
        CapacityMeter capacity = new CapacityMeter(tables.eventsTable());
        try (DynamoDbClient client = client(endpoint, counter, capacity)) {
            new DynamoDbTables(client, tables).createTables(List.of(BlogPosts.BLOG_POST.name()));
            DynamoDbEventStore store = new DynamoDbEventStore(client, tables, JsonCodec.of(BlogPosts.BLOG_POST));
            ObjectMapper json = new ObjectMapper();
            ObjectNode out = json.createObjectNode()
                    .put("escqrs", "0.1.0-SNAPSHOT")
                    .put("java", Runtime.version().toString())
                    .put(
                            "layout",
                            indexed
                                    ? "indexed (NEW_IMAGE stream, by-name index KEYS_ONLY, 4 shards)"
                                    : "default (NEW_IMAGE stream, no index)")
                    .put("storage", storage == StorageMode.ONE_ITEM ? "one-item" : "two-item");
            if (storage == StorageMode.ONE_ITEM) {
                // the type's marker, written before a one-item store's first append (once per process): off the clock
                handler(store).create("alice", new BlogPostCommand.CreateBlogPost("marker", "alice"));
            }

            CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts1 = handler(store);
            counter.reset();
            capacity.reset();
            long start = System.nanoTime();
            for (int p = 0; p < posts; p++) {
                String id = posts1.create("alice", new BlogPostCommand.CreateBlogPost("post " + p, "alice"))
                        .aggregate()
                        .id();
                for (int r = 1; r <= retitles; r++) {
                    posts1.update(
                            id, "alice", new BlogPostCommand.ChangeTitle("post " + p + " title " + r, "alice"), r);
                }
            }
            double wallMs = (System.nanoTime() - start) / 1e6;
            ObjectNode scenario =
                    cost(json, counter, capacity).put("wallMs", wallMs).put("commands", posts * (1 + retitles));
            out.set("scenario", scenario);

            ObjectNode ops = out.putObject("ops");
            counter.reset();
            capacity.reset();
            String id = handler(store)
                    .create("alice", new BlogPostCommand.CreateBlogPost("cost", "alice"))
                    .aggregate()
                    .id();
            ops.set("create", cost(json, counter, capacity));
            CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> alice = handler(store);
            counter.reset();
            capacity.reset();
            alice.handle(CommandRequest.update(id, "alice", new BlogPostCommand.ChangeTitle("cold", "alice")));
            ops.set("coldCommand", cost(json, counter, capacity));
            counter.reset();
            capacity.reset();
            alice.handle(CommandRequest.update(id, "alice", new BlogPostCommand.ChangeTitle("warm", "alice")));
            ops.set("warmCommand", cost(json, counter, capacity));
            keyedOperations(store, counter, capacity, json, ops);
            handler(store)
                    .handle(CommandRequest.update(
                            id, "alice", new BlogPostCommand.ChangeTitle("the other writer wins", "alice")));
            counter.reset();
            capacity.reset();
            alice.handle(CommandRequest.update(id, "alice", new BlogPostCommand.ChangeTitle("alice again", "alice")));
            ops.set("conflictThenRetry", cost(json, counter, capacity));
            counter.reset();
            capacity.reset();
            store.read(BlogPosts.BLOG_POST, id).orElseThrow();
            ops.set("read", cost(json, counter, capacity));
            if (historyEvents > 0) {
                dev.escqrs.benchmarks.jmh.BenchHistories.seed(store, "long", historyEvents, EventIds.system());
                counter.reset();
                capacity.reset();
                long read = store.events(BlogPosts.BLOG_POST, "long").count();
                if (read != historyEvents) {
                    throw new IllegalStateException("expected " + historyEvents + " events, read " + read);
                }
                ops.set("read" + historyEvents + "Events", cost(json, counter, capacity));
                counter.reset();
                capacity.reset();
                store.events(BlogPosts.BLOG_POST, "long", 1, dev.escqrs.core.port.ReadConsistency.EVENTUAL)
                        .count();
                ops.set("read" + historyEvents + "EventsEventual", cost(json, counter, capacity));
            }
            System.out.println(json.writeValueAsString(out));
        }
    }

    /**
     * What an idempotency key costs: a keyed create and a keyed warm command (to compare with {@code create} and
     * {@code warmCommand}), and a repeat of the keyed command answered from a warm handler and from a cold one.
     */
    private static void keyedOperations(
            DynamoDbEventStore store,
            RequestCounter counter,
            CapacityMeter capacity,
            ObjectMapper json,
            ObjectNode ops) {
        counter.reset();
        capacity.reset();
        String id = handler(store)
                .handle(CommandRequest.create(
                                "alice", (BlogPostCommand) new BlogPostCommand.CreateBlogPost("keyed", "alice"))
                        .withIdempotencyKey("bench-create"))
                .aggregate()
                .id();
        ops.set("keyedCreate", cost(json, counter, capacity));
        CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> warm = handler(store);
        warm.handle(CommandRequest.update(id, "alice", new BlogPostCommand.ChangeTitle("warm up", "alice")));
        CommandRequest<BlogPostCommand> keyed = CommandRequest.update(
                        id, "alice", (BlogPostCommand) new BlogPostCommand.ChangeTitle("keyed", "alice"))
                .withIdempotencyKey("bench-1");
        counter.reset();
        capacity.reset();
        warm.handle(keyed);
        ops.set("keyedWarmCommand", cost(json, counter, capacity));
        counter.reset();
        capacity.reset();
        warm.handle(keyed);
        ops.set("keyedRepeatWarm", cost(json, counter, capacity));
        counter.reset();
        capacity.reset();
        handler(store).handle(keyed);
        ops.set("keyedRepeatCold", cost(json, counter, capacity));
    }

    private static CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> handler(DynamoDbEventStore store) {
        return CommandHandler.builder(BlogPosts.BLOG_POST, new BlogPostDecider())
                .store(store, store)
                .build();
    }

    /**
     * A client of the server at {@code endpoint} that sends one request at a time with no client timeouts: moto is slow
     * on large tables, and a retry that overlaps a transaction still running inside moto corrupts its tables
     * (docs/testing.md).
     */
    static DynamoDbClient client(URI endpoint, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(1).socketTimeout(Duration.ofMinutes(10)))
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    /** What was counted since the last reset: requests and bytes on the wire, capacity, and what the stream carries. */
    static ObjectNode cost(ObjectMapper json, RequestCounter counter, CapacityMeter capacity) {
        ObjectNode node = json.createObjectNode()
                .put("requests", counter.total())
                .put("requestBytes", counter.requestBytes())
                .put("responseBytes", counter.responseBytes())
                .put("wcu", capacity.wcu())
                .put("rcu", capacity.rcu())
                .put("streamBytes", capacity.streamBytes())
                .put("eventsWritten", capacity.eventsWritten());
        node.set("byOperation", json.valueToTree(counter.counts()));
        return node;
    }
}
