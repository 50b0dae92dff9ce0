package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.IndexChunks;
import dev.escqrs.dynamodb.internal.IndexChunks.Chunk;
import dev.escqrs.dynamodb.internal.IndexChunks.Position;
import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.internal.StreamRecords;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The change feed read from the change-feed index (the table {@link TableNames#indexTable()}, which the indexer
 * writes from the events table's Stream): any number of consumers, on any number of processes, each from its own
 * position, for ever. Positions never expire, so a consumer that was stopped for a week goes on where it was, and
 * {@link #head()} is the exact end of the index (not the Stream's oldest record).
 *
 * <p>A read takes the next chunks of the index (consistent {@code Query}s of one partition) and then the events'
 * bodies from the events table, one consistent {@code Query} per aggregate for the versions the batch holds (up to 16
 * at once); events
 * of aggregate types not wanted are not read at all. {@link #readEntries} reads the index alone, for a consumer that
 * needs names and ids only. Events are decoded, and bad ones handled, exactly as the Stream feed does
 * ({@link BadRecords}).
 */
public final class DynamoDbIndexFeed implements ChangeFeed {
    private static final int MAX_CHUNKS_PER_READ = 25;
    /** The most events-table queries one read has in flight. */
    private static final int PARALLEL_QUERIES = 16;

    private final DynamoDbClient client;
    private final TableNames tables;
    private final StreamRecords decoder;
    private final Set<String> aggregates;
    private final EventItems events;

    /** A feed of every aggregate type's events that stops at an event it cannot decode ({@link BadRecords#STOP}). */
    public DynamoDbIndexFeed(DynamoDbClient client, TableNames tables, JsonCodec codec) {
        this(client, tables, codec, BadRecords.STOP, Set.of());
    }

    /**
     * @param badRecords what to do with an event this code cannot decode, as on the Stream feed
     * @param aggregates the aggregate types whose events are wanted (their bodies alone are read); empty: all
     */
    public DynamoDbIndexFeed(DynamoDbClient client, TableNames tables, JsonCodec codec, BadRecords badRecords,
                             Set<String> aggregates) {
        this.client = Objects.requireNonNull(client, "client");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.decoder = new StreamRecords(codec, tables.eventsTable(), badRecords, aggregates);
        this.aggregates = Set.copyOf(aggregates);
        this.events = EventItems.of(tables.layout());
    }

    @Override
    public FeedBatch read(Checkpoint after, int maxEvents) {
        IndexBatch index = readEntries(after, maxEvents);
        List<IndexEntry> wanted = index.entries().stream()
                .filter(entry -> aggregates.isEmpty() || aggregates.contains(entry.aggregateName())).toList();
        Map<String, Map<Long, Map<String, AttributeValue>>> bodies = bodies(wanted);
        List<StreamRecords.RawRecord> records = new ArrayList<>(wanted.size());
        for (IndexEntry entry : wanted) {
            Map<String, AttributeValue> item = bodies.getOrDefault(entry.streamId(), Map.of()).get(entry.version());
            if (item == null) {
                throw new SerializationException(("the index holds %s %s version %d (event %s), which the events table "
                        + "%s does not: an event was deleted by hand").formatted(entry.aggregateName(),
                        entry.aggregateId(), entry.version(), entry.eventId(), tables.eventsTable()));
            }
            records.add(new StreamRecords.RawRecord(entry.eventId(), "index", "INSERT", Optional.empty(), item,
                    Optional.empty()));
        }
        DecodedBatch decoded = decoder.decode(records);
        return new FeedBatch(decoded.events(), index.checkpoint(), decoded.unreadable());
    }

    /**
     * The index's entries after {@code after}, in index order, at least {@code maxEvents} of them where there are
     * (whole chunks: a chunk is never split), without reading the events.
     */
    public IndexBatch readEntries(Checkpoint after, int maxEvents) {
        if (maxEvents < 1) {
            throw new InvalidInputException("maxEvents must be 1 or more, got " + maxEvents);
        }
        Position position = Position.of(after);
        List<IndexEntry> entries = new ArrayList<>();
        int chunks = 0;
        while (entries.size() < maxEvents && chunks < MAX_CHUNKS_PER_READ) {
            List<Chunk> next = IndexChunks.after(client, tables.indexTable(), position.readFrom(), 1);
            if (next.isEmpty()) {
                break;
            }
            Chunk chunk = next.getFirst();
            entries.addAll(chunk.entries());
            position = chunk.position();
            chunks++;
        }
        return new IndexBatch(entries, position.checkpoint());
    }

    /** The index keeps every event from its first: a new read model can be built from {@link Checkpoint#START}. */
    @Override
    public boolean keepsEveryEvent() {
        return true;
    }

    /** The end of the index: reading from here misses no event indexed after this call, and repeats none. */
    @Override
    public Checkpoint head() {
        return IndexChunks.tail(client, tables.indexTable()).checkpoint();
    }

    /**
     * The events' items by aggregate and version: one consistent {@code Query} per aggregate, paged, up to
     * {@value #PARALLEL_QUERIES} at once (the aggregates are independent; each one's order is the index's).
     */
    private Map<String, Map<Long, Map<String, AttributeValue>>> bodies(List<IndexEntry> entries) {
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (IndexEntry entry : entries) {
            ranges.merge(entry.streamId(), new long[]{entry.version(), entry.version()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        Map<String, Map<Long, Map<String, AttributeValue>>> bodies = new ConcurrentHashMap<>();
        if (ranges.size() <= 1) {
            ranges.forEach((stream, range) -> bodies.put(stream, versions(stream, range)));
            return bodies;
        }
        Semaphore inFlight = new Semaphore(PARALLEL_QUERIES);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> queries = new ArrayList<>(ranges.size());
            ranges.forEach((stream, range) -> queries.add(pool.submit(() -> {
                inFlight.acquireUninterruptibly();
                try {
                    bodies.put(stream, versions(stream, range));
                } finally {
                    inFlight.release();
                }
            })));
            for (Future<?> query : queries) {
                query.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading events of the index's batch", e);
        }
        return bodies;
    }

    private Map<Long, Map<String, AttributeValue>> versions(String stream, long[] range) {
        QueryRequest query = QueryRequest.builder().tableName(tables.eventsTable()).consistentRead(true)
                .keyConditionExpression("#s = :s AND #v BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#s", events.streamId(), "#v", events.version()))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(stream),
                        ":from", AttributeValue.fromN(Long.toString(range[0])),
                        ":to", AttributeValue.fromN(Long.toString(range[1]))))
                .build();
        Map<Long, Map<String, AttributeValue>> versions = new HashMap<>();
        ReadFailures.guardPages(tables.eventsTable(), () -> "the events of " + stream,
                client.queryPaginator(query).items()).forEach(item ->
                versions.put(Long.parseLong(item.get(events.version()).n()), item));
        return versions;
    }
}
