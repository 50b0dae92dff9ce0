package dev.escqrs.dynamodb.kcl;

import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.internal.IndexWriter;
import dev.escqrs.dynamodb.internal.StreamRecords;
import dev.escqrs.dynamodb.internal.StreamRecords.RawRecord;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The change-feed indexer under KCL 3 with the DynamoDB Streams Kinesis Adapter: reads the events table's stream and
 * appends every event to the index ({@link TableNames#indexTable()}) exactly once, as {@link DynamoDbIndexer} does in
 * a process of its own and es-dynamodb-lambda's {@code IndexStreamHandler} on Lambda. KCL leases the stream's shards
 * to the workers of the application (one lease table, named after it), a worker that stops has its leases taken over,
 * and each shard resumes at its checkpoint.
 *
 * <p>Each batch is appended to the index, then the shard is checkpointed. A redelivered record (a takeover before a
 * checkpoint) adds nothing, and a version the records skipped is read from the events table first (see
 * es-dynamodb's {@code IndexWriter}). A batch that fails is tried again with a growing pause
 * ({@link Builder#backoffCap}) until it succeeds or the worker stops; the shard waits meanwhile, with one log line
 * when it starts failing, one a minute and one when it goes on. A record that holds no event of ours (another
 * table's, a REMOVE, a truncated image) is such a failure under {@link BadRecords#STOP}, the default: the records
 * before it are indexed, then the shard waits at it, logged, and {@link #status()} names it in {@code lastFailure};
 * under {@link BadRecords#SKIP} it is logged and counted ({@code skippedRecords}). It needs no codec: events of any
 * release are indexed.
 *
 * <p>KCL starts a shard without a checkpoint at the oldest record the stream holds (24 hours): for a table that had
 * events before, index them once with {@link DynamoDbIndexer#backfillOnce}. A lease whose checkpoint the stream has
 * trimmed (the workers were down for more than 24 hours) is healed the same way before the shard resumes, logged and
 * counted ({@code heals}).
 *
 * <pre>{@code
 * KclIndexer indexer = KclIndexer.builder("blog-indexer", dynamoDb, tables)   // the lease table's name
 *         .stream(streamArn).clients(dynamoDbAsync, cloudWatchAsync, dynamoDbStreams, region)
 *         .build();
 * indexer.start();   // ... indexer.close() on shutdown
 * }</pre>
 */
public final class KclIndexer implements AutoCloseable {
    private final DynamoDbClient client;
    private final TableNames tables;
    private final IndexWriter writer;
    private final KclWorker worker;

    private KclIndexer(Builder b) {
        this.client = b.client;
        this.tables = b.tables;
        // one writer for every shard of this worker: what it learnt of the index serves them all
        this.writer = new IndexWriter(b.client, b.tables, b.badRecords, Clock.systemUTC(), IndexWriter.DEFAULT_HORIZON);
        List<String> streams = b.streamArn == null ? List.of() : List.of(b.streamArn);
        this.worker = new KclWorker(
                b.applicationName,
                streams,
                new KclWorker.ShardWork() {
                    @Override
                    public void apply(String streamArn, List<Record> records) {
                        index(records);
                    }

                    @Override
                    public long heal(String streamArn) {
                        return DynamoDbIndexer.backfillOnce(client, tables);
                    }
                },
                b);
    }

    /**
     * An indexer of the events of {@code tables} into their index, as the KCL application {@code applicationName}
     * (its lease table's name); {@code client} appends to the index and reads the versions the records skipped.
     */
    public static Builder builder(String applicationName, DynamoDbClient client, TableNames tables) {
        return new Builder(applicationName, client, tables);
    }

    /** Starts the KCL scheduler on a thread of its own. */
    public KclIndexer start() {
        worker.start();
        return this;
    }

    /** Stops taking batches, lets KCL checkpoint and hand its leases back, and waits (up to 60 s) for it. */
    @Override
    public void close() {
        worker.close();
    }

    public String workerId() {
        return worker.workerId;
    }

    /** The shards this worker holds leases on now. */
    public Set<String> shardsHeld() {
        return worker.shardsHeld();
    }

    /**
     * What this worker did since it was built, in the form the in-process indexer reports it. {@code heals} counts
     * leases taken at a trimmed checkpoint. {@code caughtUpAt} is until when every shard this worker holds has been
     * read and indexed: per shard the later of its last empty read and the creation time of the newest record it
     * processed, the oldest of those over the shards; empty while it holds no shard or one has not got that far.
     * {@code lastFailure} is why a shard's last attempt failed, while one's does. {@code standingBy}: it holds no
     * shard (another worker of the application holds the leases, or it has not taken one yet).
     */
    public DynamoDbIndexer.Status status() {
        IndexWriter.Counts counts = writer.counts();
        return new DynamoDbIndexer.Status(
                counts.entries(),
                counts.repeats(),
                counts.filled(),
                counts.chunks(),
                counts.lostPlaces(),
                counts.skippedRecords(),
                worker.heals.get(),
                counts.newestEventAt().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(counts.newestEventAt()),
                worker.caughtUpAt(),
                worker.lastFailure(),
                worker.standsBy());
    }

    /**
     * Indexes the records before the first that holds no event of ours, then the rest: under STOP the writer
     * refuses that record (the shard waits at it), under the other policies it skips it.
     */
    private void index(List<Record> records) {
        List<RawRecord> raw = records.stream().map(RawRecord::fromSdk).toList();
        int refused = StreamRecords.firstRefused(raw, tables.eventsTable());
        writer.write(raw.subList(0, refused));
        writer.write(raw.subList(refused, raw.size()));
    }

    /** Configures a {@link KclIndexer}; the settings every worker of this module takes are inherited. */
    public static final class Builder extends KclOptions<Builder> {
        private final String applicationName;
        private final DynamoDbClient client;
        private final TableNames tables;
        private String streamArn;
        private BadRecords badRecords = BadRecords.STOP;

        private Builder(String applicationName, DynamoDbClient client, TableNames tables) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
            this.client = Objects.requireNonNull(client, "client");
            this.tables = Objects.requireNonNull(tables, "tables");
        }

        @Override
        Builder self() {
            return this;
        }

        /** The events table's stream ARN ({@code DescribeTable}'s {@code LatestStreamArn}). */
        public Builder stream(String streamArn) {
            this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
            return this;
        }

        /**
         * What to do with a stream record that holds no event of ours (another table's, a REMOVE, a truncated image):
         * {@link BadRecords#STOP} (the default) indexes the records before it and lets the shard wait at it, with an
         * error naming it in the log and in {@link KclIndexer#status()}; the others log, count and step over it.
         */
        public Builder badRecords(BadRecords badRecords) {
            this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
            return this;
        }

        public KclIndexer build() {
            return new KclIndexer(this);
        }
    }
}
