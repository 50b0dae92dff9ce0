package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbSnapshots;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
 * Prints one JSON line. The history is made and written by {@link PostHistory}, the read models run and measured by
 * {@link ReadModelRuns}, the requests counted by {@link MeteredClients}; this class runs the steps in order.
 */
public final class ChangeFeedIndexCost {
    private static final List<Integer> BATCHES = List.of(1, 10, 100);

    private final ObjectMapper json = new ObjectMapper();
    private final String prefix;
    private final TableNames tables;
    private final MeteredClients clients;
    private final DynamoDbClient client;
    private final JsonCodec codec = JsonCodec.of(BlogPosts.BLOG_POST);
    private final DynamoDbEventStore store;
    private final PostHistory history;
    private final ReadModelRuns readModels;

    private ChangeFeedIndexCost(SdkHttpClient http, URI endpoint, String prefix) {
        this.prefix = prefix;
        this.tables = TableNames.withPrefix(prefix);
        this.clients = new MeteredClients(http, endpoint, tables);
        this.client = clients.client;
        this.store = new DynamoDbEventStore(client, tables, codec);
        this.history = new PostHistory(client, tables, codec);
        this.readModels = new ReadModelRuns(json, clients, tables, codec, store);
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int aggregates = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int eventsPerAggregate = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        // one connection, no client timeouts: a Scan page of a large table is slow on moto, and overlapping requests
        // corrupt its tables (docs/testing.md); the backfill's segments wait for the connection in turn
        try (SdkHttpClient http = Apache5HttpClient.builder()
                .maxConnections(1)
                .connectionAcquisitionTimeout(Duration.ofMinutes(10))
                .socketTimeout(Duration.ofMinutes(10))
                .build()) {
            ChangeFeedIndexCost bench = new ChangeFeedIndexCost(http, endpoint, args[1]);
            System.out.println(bench.json.writeValueAsString(bench.run(aggregates, eventsPerAggregate, rounds)));
            bench.clients.close();
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
            posts.add(history.newPost());
            int last = p % 10 == 9 ? eventsPerAggregate - 1 : eventsPerAggregate;
            for (int v = 1; v <= last; v++) {
                old.add(history.event(posts.get(p), p, v));
            }
        }
        List<AggregateEvent<BlogPostEvent>> fresh = new ArrayList<>();
        for (int p = 9; p < aggregates; p += 10) {
            fresh.add(history.event(posts.get(p), p, eventsPerAggregate));
        }
        long total = old.size() + fresh.size();
        long start = System.nanoTime();
        history.write(old);
        out.putObject("history")
                .put("aggregates", aggregates)
                .put("eventsPerAggregate", eventsPerAggregate)
                .put("events", total)
                .put("newEvents", fresh.size())
                .put("writeMs", MeteredClients.millisSince(start))
                .put("meanEventItemBytes", history.meanItemBytes(old));

        DynamoDbIndexer indexer =
                DynamoDbIndexer.builder(client, clients.streams, tables).build();
        clients.reset();
        start = System.nanoTime();
        long indexed = indexer.backfill();
        out.set(
                "indexBackfill",
                clients.cost(json, start).put("entries", indexed).set("chunks", clients.chunks(json)));
        // what the indexer's first start does after its backfill: read the Stream from its oldest record
        new DynamoDbCheckpoints(client, tables).save(DynamoDbIndexer.DEFAULT_NAME, Checkpoint.START);
        clients.reset();
        start = System.nanoTime();
        do {
            indexer.indexOnce();
        } while (indexer.status().caughtUpAt().isEmpty());
        out.set(
                "indexStreamRepeats",
                clients.cost(json, start).put("repeats", indexer.status().repeats()));

        DynamoDbIndexFeed indexFeed = new DynamoDbIndexFeed(client, tables, codec);
        Checkpoint beforeNew = indexFeed.head();
        Snapshot snapshot = readModels.snapshot(indexFeed, old.size());
        if (!snapshot.position().equals(beforeNew)) {
            throw new IllegalStateException("the snapshot is at %s, not at the index's end %s"
                    .formatted(snapshot.position().value(), beforeNew.value()));
        }
        byte[] state = snapshot.state();
        out.putObject("snapshot").put("bytes", state.length).put("position", beforeNew.value());

        history.write(fresh);
        ArrayNode batches = out.putArray("batches");
        batches.add(indexBatch(indexer, fresh.size()));
        out.set(
                "motoQuery",
                history.queryCost(json, store, prefix + "one-post-", posts.getFirst(), eventsPerAggregate));
        String arn = client.describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
        // a Stream position the table cannot continue: its stream was replaced (the runner heals a trimmed one alike)
        Checkpoint lost = new Checkpoint(json.createObjectNode()
                .put("stream", arn.substring(0, arn.lastIndexOf('/') + 1) + "2000-01-01T00:00:00.000")
                .set("shards", json.createObjectNode())
                .toString());

        ObjectNode measured = out.putObject("phases");
        out.put("rounds", rounds);
        readModels.measure(measured, rounds, total, state, beforeNew, lost, indexFeed);

        // the indexer's batches of other sizes: one poll of the Stream each, events of as many posts
        int next = 0;
        for (int size : BATCHES) {
            List<AggregateEvent<BlogPostEvent>> batch = new ArrayList<>();
            for (int i = 0; i < size; i++, next++) {
                batch.add(history.event(
                        posts.get(next % aggregates), next % aggregates, eventsPerAggregate + 1 + next / aggregates));
            }
            history.write(batch);
            batches.add(indexBatch(indexer, size));
        }
        return out;
    }

    /** Indexes what one poll of the Stream holds, which must be {@code expected} new events; its cost and chunks. */
    private ObjectNode indexBatch(DynamoDbIndexer indexer, int expected) {
        clients.reset();
        long start = System.nanoTime();
        long appended = indexer.indexOnce();
        if (appended != expected) {
            throw new IllegalStateException(
                    "one poll of the Stream indexed %d events, not %d".formatted(appended, expected));
        }
        return clients.cost(json, start).put("events", expected).set("chunks", clients.chunks(json));
    }
}
