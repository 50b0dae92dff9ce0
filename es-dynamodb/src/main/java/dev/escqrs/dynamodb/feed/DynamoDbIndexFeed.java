package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.internal.BatchedGets;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.IndexChunks;
import dev.escqrs.dynamodb.internal.IndexChunks.Chunk;
import dev.escqrs.dynamodb.internal.IndexChunks.Position;
import dev.escqrs.dynamodb.internal.StreamRecords;
import dev.escqrs.dynamodb.table.IndexEntry;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The change feed read from the change-feed index (the table {@link TableNames#indexTable()}, which the indexer
 * writes from the events table's Stream): any number of consumers, on any number of processes, each from its own
 * position, for ever. Positions never expire, so a consumer that was stopped for a week goes on where it was, and
 * {@link #head()} is the exact end of the index (not the Stream's oldest record).
 *
 * <p>A read takes the next chunks of the index (consistent {@code Query}s of one partition, several chunks at a time
 * once the first says how many entries a chunk holds) and then the events' bodies from the events table, consistent
 * {@code BatchGetItem}s of 100 keys, four at once, put back in the index's order; events of aggregate types not wanted
 * are not read at all. {@link #readEntries} reads the index alone, for a consumer that
 * needs names and ids only. Events are decoded, and bad ones handled, exactly as the Stream feed does
 * ({@link BadRecords}).
 */
public final class DynamoDbIndexFeed implements ChangeFeed {
    private static final int MAX_CHUNKS_PER_READ = 25;
    /** The {@code BatchGetItem}s of one read in flight at once. */
    private static final int PARALLEL_GETS = 4;

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
    public DynamoDbIndexFeed(
            DynamoDbClient client, TableNames tables, JsonCodec codec, BadRecords badRecords, Set<String> aggregates) {
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
                .filter(entry -> aggregates.isEmpty() || aggregates.contains(entry.aggregateName()))
                .toList();
        List<Map<String, AttributeValue>> bodies = bodies(wanted);
        List<StreamRecords.RawRecord> records = new ArrayList<>(wanted.size());
        for (int i = 0; i < wanted.size(); i++) {
            records.add(new StreamRecords.RawRecord(
                    wanted.get(i).eventId(), "index", "INSERT", Optional.empty(), bodies.get(i), Optional.empty()));
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
        int lastSize = 0;
        while (entries.size() < maxEvents && chunks < MAX_CHUNKS_PER_READ) {
            // as many chunks in one Query as the last chunk's size says are still wanted (one at first)
            int ask = lastSize == 0
                    ? 1
                    : Math.min(
                            MAX_CHUNKS_PER_READ - chunks,
                            Math.max(1, (maxEvents - entries.size() + lastSize - 1) / lastSize));
            List<Chunk> next = IndexChunks.after(client, tables.indexTable(), position.readFrom(), ask);
            if (next.isEmpty()) {
                break;
            }
            for (Chunk chunk : next) {
                if (entries.size() >= maxEvents) {
                    break;
                }
                entries.addAll(chunk.entries());
                position = chunk.position();
                lastSize = Math.max(1, chunk.entries().size());
                chunks++;
            }
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
     * The events' items, in the entries' order: consistent {@code BatchGetItem}s of {@value BatchedGets#MAX_KEYS}
     * keys (keys DynamoDB leaves unprocessed asked for again), up to {@value #PARALLEL_GETS} at once, put back in the
     * entries' order (so each aggregate's order holds); an entry whose event the table lacks is an error.
     */
    private List<Map<String, AttributeValue>> bodies(List<IndexEntry> entries) {
        List<List<IndexEntry>> groups = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += BatchedGets.MAX_KEYS) {
            groups.add(entries.subList(from, Math.min(entries.size(), from + BatchedGets.MAX_KEYS)));
        }
        if (groups.size() <= 1) {
            return fetch(entries);
        }
        Semaphore inFlight = new Semaphore(PARALLEL_GETS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Map<String, AttributeValue>>>> fetched = new ArrayList<>();
            for (List<IndexEntry> group : groups) {
                fetched.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return fetch(group);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<Map<String, AttributeValue>> bodies = new ArrayList<>(entries.size());
            for (Future<List<Map<String, AttributeValue>>> group : fetched) {
                bodies.addAll(group.get());
            }
            return bodies;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("reading events for the change-feed index failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EscqrsException("interrupted while reading events for the change-feed index", e);
        }
    }

    private List<Map<String, AttributeValue>> fetch(List<IndexEntry> entries) {
        return BatchedGets.of(
                        client,
                        tables.eventsTable(),
                        events,
                        entries.stream()
                                .map(entry -> events.key(entry.streamId(), entry.version()))
                                .iterator(),
                        true,
                        RetryPolicy.DEFAULT,
                        "the change-feed index")
                .toList();
    }
}
