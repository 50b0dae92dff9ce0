package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbSnapshots;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.IndexChunks;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.inmemory.InMemoryCheckpoints;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What the change-feed index saves and what it costs, side by side over one history on the server at ENDPOINT (moto in
 * scripts/bench): AGGREGATES blog posts of EVENTS events each (default 2,000 x 10 = 20,000), of which the last event of
 * every tenth post, 1% of the events, is written after the rest ("the new 1%").
 *
 * <p><b>Set-up, off the clock.</b> The events table's items are written with {@code BatchWriteItem}, as the store's
 * appends write them (es-dynamodb's {@code EventItems}, as the tests' {@code DynamoDbFixture} does: moto copies a table
 * on every transaction, so appends through the store slow down as the table grows); the aggregate rows are not
 * written, since nothing measured here reads them. The index is built over the first 99% by
 * {@link DynamoDbIndexer#backfill()}, and the indexer then reads the Stream from its oldest record to its end, as its
 * first start does (every record a repeat, dropped). A runner in memory on the index, with {@link DynamoDbSnapshots},
 * backfills and saves its snapshot at the index's end, position P; the durable read model below starts from the same
 * state. Then the new 1% is written and indexed by one {@link DynamoDbIndexer#indexOnce()}: one poll of the Stream, as
 * a running indexer's next poll would be.
 *
 * <p><b>Measured</b>, ROUNDS times in an order that rotates each round, each from {@code start()} until the read model
 * holds the last event of the history (all 20,000):
 * <ul>
 *   <li>{@code indexCatchUp}: a durable read model that holds the first 99%, its checkpoint P, on
 *       {@link DynamoDbIndexFeed}: a read model more than 24 hours behind catching up from its index position;
 *   <li>{@code scanHeal}: the same read model on the Stream ({@link DynamoDbChangeFeed}) with a position the Stream
 *       cannot continue (a checkpoint of a stream the table no longer has; a position older than 24 hours, which moto
 *       cannot make, is healed by the same code): the runner heals by the store's backfill, a parallel {@code Scan},
 *       the 99% it holds coming as repeats;
 *   <li>{@code snapshotRestart}: a new read model in memory (a restarted process) that restores the snapshot and
 *       reads the index after P;
 *   <li>{@code scanRebuild}: a new read model in memory without a snapshot: the store's backfill, which is both the
 *       full rebuild at a restart and the rebuild from position 0 by the {@code Scan};
 *   <li>{@code indexRebuild}: a new read model in memory built from the index's position 0
 *       ({@link ProjectionRunner.Builder#catchUpFromFeed()}).
 * </ul>
 * Before the rounds, the time of one consistent {@code Query} of a post's events, on the events table and on a table
 * of that post alone (what a request costs on this server, by the size of its table). Last, batches of 1, 10 and 100
 * new events, each indexed by one {@code indexOnce()}, for the index's WCU per event by the size of the indexer's
 * batch. Requests are counted on the wire ({@link RequestCounter}, both clients), capacity
 * computed from the items' sizes ({@link CapacityMeter}), and the index's chunk items sized apart
 * ({@link ChunkMeter}). Both clients share one HTTP connection: moto is not safe for overlapping requests, so the
 * backfill's parallel segments take turns on it.
 *
 * <pre>java ... ChangeFeedIndexCost ENDPOINT TABLE_PREFIX [aggregates] [eventsPerAggregate] [rounds]</pre>
 * Prints one JSON line.
 */
public final class ChangeFeedIndexCost {
    private static final String DURABLE = "post-titles-durable";
    private static final String SNAPSHOTTED = "post-titles";
    private static final Duration CAUGHT_UP_WITHIN = Duration.ofMinutes(30);
    /** Longer than the bench: a restarted runner saves no snapshot of its own, so every round restores the same. */
    private static final Duration SNAPSHOT_EVERY = Duration.ofDays(1);

    private static final List<Integer> BATCHES = List.of(1, 10, 100);
    /** The Queries that time one on this server. */
    private static final int QUERIES = 20;

    private final ObjectMapper json = new ObjectMapper();
    private final RequestCounter counter = new RequestCounter();
    private final CapacityMeter capacity;
    private final ChunkMeter chunks;
    private final String prefix;
    private final TableNames tables;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;
    private final JsonCodec codec = JsonCodec.of(BlogPosts.BLOG_POST);
    private final DynamoDbEventStore store;
    private final EventItems items;
    private final EventIds ids = EventIds.system();

    private ChangeFeedIndexCost(SdkHttpClient http, URI endpoint, String prefix) {
        this.prefix = prefix;
        this.tables = TableNames.withPrefix(prefix);
        this.capacity = new CapacityMeter(tables.eventsTable());
        this.chunks = new ChunkMeter(tables.indexTable());
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)
                        .addExecutionInterceptor(capacity)
                        .addExecutionInterceptor(chunks))
                .build();
        this.streams = DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build();
        this.store = new DynamoDbEventStore(client, tables, codec);
        this.items = EventItems.of(tables.layout());
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int aggregates = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int eventsPerAggregate = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        // one connection, no client timeouts: a Scan page of a large table is slow on moto, and overlapping requests
        // corrupt its tables (DESIGN.md); the backfill's segments wait for the connection in turn
        try (SdkHttpClient http = Apache5HttpClient.builder()
                .maxConnections(1)
                .connectionAcquisitionTimeout(Duration.ofMinutes(10))
                .socketTimeout(Duration.ofMinutes(10))
                .build()) {
            ChangeFeedIndexCost bench = new ChangeFeedIndexCost(http, endpoint, args[1]);
            System.out.println(bench.json.writeValueAsString(bench.run(aggregates, eventsPerAggregate, rounds)));
            bench.client.close();
            bench.streams.close();
        }
    }

    private ObjectNode run(int aggregates, int eventsPerAggregate, int rounds) throws InterruptedException {
        ObjectNode out = json.createObjectNode()
                .put("escqrs", "0.1.0-SNAPSHOT")
                .put("java", Runtime.version().toString())
                .put("layout", "default (NEW_IMAGE stream, no by-name index) and the change-feed index table");
        DynamoDbTables created = new DynamoDbTables(client, tables);
        created.createTables(List.of(BlogPosts.BLOG_POST.name()));
        created.createIndexTable();
        created.createSnapshotsTable();

        // the history: posts created and retitled; the new 1% is the last event of every tenth post, ids made last
        List<String> posts = new ArrayList<>(aggregates);
        List<AggregateEvent<BlogPostEvent>> old = new ArrayList<>();
        for (int p = 0; p < aggregates; p++) {
            posts.add(ids.next());
            int last = p % 10 == 9 ? eventsPerAggregate - 1 : eventsPerAggregate;
            for (int v = 1; v <= last; v++) {
                old.add(event(posts.get(p), p, v));
            }
        }
        List<AggregateEvent<BlogPostEvent>> fresh = new ArrayList<>();
        for (int p = 9; p < aggregates; p += 10) {
            fresh.add(event(posts.get(p), p, eventsPerAggregate));
        }
        long total = old.size() + fresh.size();
        long start = System.nanoTime();
        writeDirectly(old);
        out.putObject("history")
                .put("aggregates", aggregates)
                .put("eventsPerAggregate", eventsPerAggregate)
                .put("events", total)
                .put("newEvents", fresh.size())
                .put("writeMs", millisSince(start))
                .put(
                        "meanEventItemBytes",
                        old.stream()
                                .mapToLong(e -> DynamoDbTables.itemSize(item(e)))
                                .average()
                                .orElse(0));

        DynamoDbIndexer indexer =
                DynamoDbIndexer.builder(client, streams, tables).build();
        reset();
        start = System.nanoTime();
        long indexed = indexer.backfill();
        out.set("indexBackfill", cost(start).put("entries", indexed).set("chunks", chunks.toJson(json)));
        // what the indexer's first start does after its backfill: read the Stream from its oldest record
        new DynamoDbCheckpoints(client, tables).save(DynamoDbIndexer.DEFAULT_NAME, Checkpoint.START);
        reset();
        start = System.nanoTime();
        do {
            indexer.indexOnce();
        } while (indexer.status().caughtUpAt().isEmpty());
        out.set(
                "indexStreamRepeats",
                cost(start).put("repeats", indexer.status().repeats()));

        DynamoDbIndexFeed indexFeed = new DynamoDbIndexFeed(client, tables, codec);
        Checkpoint beforeNew = indexFeed.head();
        DynamoDbSnapshots snapshots = new DynamoDbSnapshots(client, tables);
        PostTitles first = new PostTitles();
        ProjectionRunner snapshotting = runner(SNAPSHOTTED, first, indexFeed)
                .snapshots(snapshots, SNAPSHOT_EVERY)
                .build();
        try (ProjectionRunner.Running running = snapshotting.start()) {
            awaitEvents(first, old.size(), running, "the snapshot's first backfill");
            if (!running.awaitTailing(CAUGHT_UP_WITHIN)) {
                throw new IllegalStateException("the snapshotting runner did not finish its backfill");
            }
        }
        Snapshot snapshot = snapshots.load(SNAPSHOTTED).orElseThrow();
        if (!snapshot.position().equals(beforeNew)) {
            throw new IllegalStateException("the snapshot is at %s, not at the index's end %s"
                    .formatted(snapshot.position().value(), beforeNew.value()));
        }
        byte[] state = snapshot.state();
        out.putObject("snapshot").put("bytes", state.length).put("position", beforeNew.value());

        writeDirectly(fresh);
        ArrayNode batches = out.putArray("batches");
        batches.add(indexBatch(indexer, fresh.size()));
        out.set("motoQuery", queryCost(posts.getFirst(), eventsPerAggregate));
        String arn = client.describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
        // a Stream position the table cannot continue: its stream was replaced (the runner heals a trimmed one alike)
        Checkpoint lost = new Checkpoint(json.createObjectNode()
                .put("stream", arn.substring(0, arn.lastIndexOf('/') + 1) + "2000-01-01T00:00:00.000")
                .set("shards", json.createObjectNode())
                .toString());

        Map<String, Supplier<Run>> phases = new LinkedHashMap<>();
        phases.put("indexCatchUp", () -> durable(state, beforeNew, indexFeed));
        phases.put("scanHeal", () -> durable(state, lost, new DynamoDbChangeFeed(client, streams, tables, codec)));
        phases.put("snapshotRestart", () -> {
            PostTitles titles = new PostTitles();
            return new Run(
                    titles,
                    runner(SNAPSHOTTED, titles, indexFeed)
                            .snapshots(snapshots, SNAPSHOT_EVERY)
                            .build());
        });
        phases.put("scanRebuild", () -> {
            PostTitles titles = new PostTitles();
            return new Run(
                    titles, runner("post-titles-rebuilt", titles, indexFeed).build());
        });
        phases.put("indexRebuild", () -> {
            PostTitles titles = new PostTitles();
            return new Run(
                    titles,
                    runner("post-titles-from-index", titles, indexFeed)
                            .catchUpFromFeed()
                            .build());
        });
        ObjectNode measured = out.putObject("phases");
        List<String> names = List.copyOf(phases.keySet());
        out.put("rounds", rounds);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                ObjectNode result = measure(name, phases.get(name).get(), total)
                        .put("round", round + 1)
                        .put("order", i + 1);
                if (!measured.has(name)) {
                    measured.putArray(name);
                }
                ((ArrayNode) measured.get(name)).add(result);
                System.err.printf(
                        "round %d, %s: %.0f ms, %d requests%n",
                        round + 1,
                        name,
                        result.path("ms").asDouble(),
                        result.path("requests").asLong());
            }
        }

        // the indexer's batches of other sizes: one poll of the Stream each, events of as many posts
        int next = 0;
        for (int size : BATCHES) {
            List<AggregateEvent<BlogPostEvent>> batch = new ArrayList<>();
            for (int i = 0; i < size; i++, next++) {
                batch.add(event(
                        posts.get(next % aggregates), next % aggregates, eventsPerAggregate + 1 + next / aggregates));
            }
            writeDirectly(batch);
            batches.add(indexBatch(indexer, size));
        }
        return out;
    }

    /**
     * What one consistent {@code Query} of one post's events takes on this server, on the events table and on a table
     * that holds that post alone: on moto a Query walks the whole table, so the two differ by the table's size.
     */
    private ObjectNode queryCost(String post, int eventsPerAggregate) {
        TableNames alone = TableNames.withPrefix(prefix + "one-post-");
        new DynamoDbTables(client, alone).createTables(List.of(BlogPosts.BLOG_POST.name()));
        List<AggregateEvent<BlogPostEvent>> history = new ArrayList<>();
        for (int v = 1; v <= eventsPerAggregate; v++) {
            history.add(event(post, 0, v));
        }
        writeDirectly(alone, history);
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
        return millisSince(start) / QUERIES;
    }

    /** A read model and the runner that keeps it, made just before its measurement. */
    private record Run(PostTitles titles, ProjectionRunner runner) {}

    private Run durable(byte[] state, Checkpoint checkpoint, ChangeFeed feed) {
        PostTitles titles = PostTitles.restored(state);
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        checkpoints.save(DURABLE, checkpoint);
        return new Run(
                titles, runner(DURABLE, titles.durable(checkpoints), feed).build());
    }

    private ProjectionRunner.Builder runner(String name, Projection projection, ChangeFeed feed) {
        return ProjectionRunner.builder(ProjectionSpec.builder(name, projection)
                        .aggregates(BlogPosts.BLOG_POST)
                        .store(store)
                        .codec(codec)
                        .build())
                .feed(feed)
                .pollInterval(Duration.ofMillis(100));
    }

    /** From the runner's start until its read model holds {@code total} events: time, requests, capacity. */
    private ObjectNode measure(String phase, Run run, long total) throws InterruptedException {
        reset();
        long start = System.nanoTime();
        try (ProjectionRunner.Running running = run.runner().start()) {
            awaitEvents(run.titles(), total, running, phase);
            ObjectNode result = cost(start);
            Projector.Counts counts = run.runner().counts();
            return result.put("applied", counts.applied())
                    .put("repeats", counts.repeats())
                    .put("gapsFilled", counts.gapsFilled())
                    .put("heals", running.status().heals());
        }
    }

    private static void awaitEvents(PostTitles titles, long total, ProjectionRunner.Running running, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + CAUGHT_UP_WITHIN.toNanos();
        String failure = null;
        while (!titles.awaitEvents(total, Duration.ofSeconds(5))) {
            Optional<Throwable> last = running.lastFailure();
            if (last.isPresent() && !String.valueOf(last.get()).equals(failure)) {
                failure = String.valueOf(last.get());
                System.err.println(what + ": an attempt failed (the runner tries again): " + failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("%s: the read model holds %d of %d events after %s; status %s"
                        .formatted(what, titles.events(), total, CAUGHT_UP_WITHIN, running.status()));
            }
        }
    }

    /** Indexes what one poll of the Stream holds, which must be {@code expected} new events; its cost and chunks. */
    private ObjectNode indexBatch(DynamoDbIndexer indexer, int expected) {
        reset();
        long start = System.nanoTime();
        long appended = indexer.indexOnce();
        if (appended != expected) {
            throw new IllegalStateException(
                    "one poll of the Stream indexed %d events, not %d".formatted(appended, expected));
        }
        return cost(start).put("events", expected).set("chunks", chunks.toJson(json));
    }

    private ObjectNode cost(long startNanos) {
        return DynamoDbComparison.cost(json, counter, capacity).put("ms", millisSince(startNanos));
    }

    private void reset() {
        counter.reset();
        capacity.reset();
        chunks.reset();
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private AggregateEvent<BlogPostEvent> event(String post, int p, int version) {
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

    private Map<String, AttributeValue> item(AggregateEvent<BlogPostEvent> event) {
        return items.toItem(codec.encode(event), tables.eventsByNameShards());
    }

    private void writeDirectly(List<AggregateEvent<BlogPostEvent>> events) {
        writeDirectly(tables, events);
    }

    /** The events' items, 25 to a {@code BatchWriteItem}, what the store's appends would have put (uncounted). */
    private void writeDirectly(TableNames into, List<AggregateEvent<BlogPostEvent>> events) {
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
     * The index's chunk items as written: how many, their entries, their bytes as DynamoDB sizes an item, and the WCU
     * a standard write of each is billed (1 per started KB).
     */
    static final class ChunkMeter implements ExecutionInterceptor {
        private final String indexTable;
        private long items;
        private long entries;
        private long bytes;
        private long wcu;

        ChunkMeter(String indexTable) {
            this.indexTable = indexTable;
        }

        @Override
        public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutItemRequest put
                    && put.tableName().equals(indexTable)
                    && put.item().containsKey(IndexChunks.ENTRIES)) {
                long size = DynamoDbTables.itemSize(put.item());
                items++;
                entries += put.item().get(IndexChunks.ENTRIES).l().size();
                bytes += size;
                wcu += (size + 1023) / 1024;
            }
        }

        synchronized void reset() {
            items = 0;
            entries = 0;
            bytes = 0;
            wcu = 0;
        }

        synchronized ObjectNode toJson(ObjectMapper json) {
            return json.createObjectNode()
                    .put("items", items)
                    .put("entries", entries)
                    .put("bytes", bytes)
                    .put("wcu", wcu);
        }
    }
}
