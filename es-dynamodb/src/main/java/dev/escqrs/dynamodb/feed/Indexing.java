package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.IndexWriter;
import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.internal.StreamRecords;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What a {@link DynamoDbIndexer} does and knows: reads the Stream after its position into the index, backfills from
 * the events table when it has no position or the Stream lost it, and keeps what {@link DynamoDbIndexer#status()}
 * tells. Its background loop is {@link IndexerLoop}.
 */
final class Indexing {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbIndexer.class);

    private final DynamoDbClient client;
    private final TableNames tables;
    private final DynamoDbChangeFeed stream;
    private final IndexWriter writer;
    private final Checkpoints checkpoints;
    private final String name;
    private final int batchSize;

    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile long heals;
    private volatile Instant caughtUpAt;
    private volatile boolean standingBy;
    /** The Stream position, as last loaded or saved; null: to be loaded (at the first poll, after a lease was taken). */
    private Checkpoint position;

    Indexing(
            DynamoDbClient client,
            DynamoDbStreamsClient streams,
            TableNames tables,
            IndexWriter writer,
            Checkpoints checkpoints,
            String name,
            int batchSize) {
        this.client = client;
        this.tables = tables;
        this.stream = new DynamoDbChangeFeed(client, streams, tables, JsonCodec.of(), BadRecords.SKIP);
        this.writer = writer;
        this.checkpoints = checkpoints;
        this.name = name;
        this.batchSize = batchSize;
    }

    /** See {@link DynamoDbIndexer#indexOnce()}. */
    synchronized long indexOnce() {
        long appended = 0;
        if (position == null) { // loaded once, then kept here as the indexer moves it
            Optional<Checkpoint> saved = checkpoints.load(name);
            if (saved.isEmpty()) {
                appended += backfill();
            }
            position = saved.orElse(Checkpoint.START);
        }
        DynamoDbChangeFeed.Records records;
        Instant readAt = Instant.now();
        try {
            records = stream.records(position, batchSize);
        } catch (FeedPositionLostException lost) {
            heals++;
            LOG.warn(
                    "indexer {}: the Stream lost its position ({}): {}; indexing the events table's events the index "
                            + "lacks, then reading the Stream from its oldest record",
                    name,
                    lost.reason(),
                    lost.getMessage());
            appended += backfill();
            checkpoints.save(name, Checkpoint.START);
            position = Checkpoint.START;
            return appended;
        }
        appended += writer.write(
                records.records().stream().map(StreamRecords.RawRecord::fromSdk).toList());
        if (!records.checkpoint().equals(position)) {
            checkpoints.save(name, records.checkpoint());
            position = records.checkpoint();
        }
        if (records.records().size() < batchSize) {
            caughtUpAt = readAt;
        }
        return appended;
    }

    synchronized long backfill() {
        return backfill(client, tables, writer);
    }

    /** Indexes every event of the events table that the index lacks (a consistent {@code Scan}); returns how many. */
    static long backfill(DynamoDbClient client, TableNames tables, IndexWriter writer) {
        String table = tables.eventsTable();
        Stream<EncodedEvent> stored = ReadFailures.guardPages(
                        table,
                        () -> "a scan of " + table,
                        client.scanPaginator(b -> b.tableName(table).consistentRead(true))
                                .items())
                .filter(EventItems::isEvent)
                .map(item -> EventItems.fromItem(item, "an item of " + table));
        return writer.backfill(stored);
    }

    /** The lease passed to this indexer: the holder before it moved the position on. */
    synchronized void forgetPosition() {
        position = null;
    }

    /** Another replica holds the lease: what this one last knew of the Stream says nothing of the index now. */
    void standBy() {
        standingBy = true;
        caughtUpAt = null;
        lastFailure.set(null);
    }

    /** This replica holds the lease (or needs none). */
    void held() {
        standingBy = false;
    }

    void succeeded() {
        lastFailure.set(null);
    }

    void failed(String failure) {
        lastFailure.set(failure);
    }

    DynamoDbIndexer.Status status() {
        IndexWriter.Counts counts = writer.counts();
        return new DynamoDbIndexer.Status(
                counts.entries(),
                counts.repeats(),
                counts.filled(),
                counts.chunks(),
                counts.lostPlaces(),
                counts.skippedRecords(),
                heals,
                counts.newestEventAt().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(counts.newestEventAt()),
                Optional.ofNullable(caughtUpAt),
                Optional.ofNullable(lastFailure.get()),
                standingBy);
    }
}
