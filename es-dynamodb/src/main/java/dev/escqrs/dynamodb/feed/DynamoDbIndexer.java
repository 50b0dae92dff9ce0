package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.internal.runtime.LeaseHold;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.internal.CheckpointTable;
import dev.escqrs.dynamodb.internal.IndexWriter;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The indexer in a process of its own or beside the service: reads the events table's Stream and appends every event
 * to the change-feed index ({@link TableNames#indexTable()}) exactly once, so that any number of
 * {@link DynamoDbIndexFeed}s read one Stream reader's work. On Lambda, es-dynamodb-lambda's
 * {@code IndexStreamHandler} does the same job.
 *
 * <p>Its Stream position is a checkpoint ({@code escqrs-indexer} in the checkpoint table by default), saved after
 * each batch is in the index. With no position yet it first indexes every event the events table already holds (a
 * {@code Scan}), then reads the Stream from its oldest record (what the scan indexed comes again and is dropped).
 * When the Stream has lost its position (it keeps records 24 hours), it does the same: the index heals from the
 * table, nothing is skipped and nothing indexed twice. Run one at a time; a second one by mistake costs requests,
 * not correctness (see {@code IndexWriter}).
 */
public final class DynamoDbIndexer {
    /** The checkpoint name of the indexer's Stream position, by default. */
    public static final String DEFAULT_NAME = "escqrs-indexer";

    /**
     * What the indexer did since it was made, and how far behind it may be.
     *
     * @param newestEventAt when the newest event it indexed happened
     * @param caughtUpAt    when it last read the Stream to its end: every event appended before is in the index;
     *                      empty while it stands by
     * @param lastFailure   the failure of its last attempt; empty once one succeeds again
     * @param standingBy    another replica holds the indexer's lease ({@link Builder#lease}): this one waits, ready
     *                      to take over; not a failure
     */
    public record Status(
            long entries,
            long repeats,
            long filled,
            long chunks,
            long lostPlaces,
            long skippedRecords,
            long heals,
            Optional<Instant> newestEventAt,
            Optional<Instant> caughtUpAt,
            Optional<String> lastFailure,
            boolean standingBy) {
        /**
         * How far the index may be behind the events table: the time since the indexer last read the Stream to its
         * end; empty before it first did, and while another replica holds the lease.
         */
        public Optional<Duration> lag(Instant now) {
            return caughtUpAt.map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now));
        }
    }

    private final Indexing indexing;
    private final String name;
    private final Duration pollInterval;
    /** The lease it indexes under; null: it indexes wherever it is started. */
    private final LeaseHold lease;

    private DynamoDbIndexer(Builder b) {
        this.indexing = new Indexing(
                b.client,
                b.streams,
                b.tables,
                new IndexWriter(b.client, b.tables, b.badRecords, b.clock, b.horizon),
                b.checkpoints != null ? b.checkpoints : CheckpointTable.of(b.client, b.tables),
                b.name,
                b.batchSize);
        this.name = b.name;
        this.pollInterval = b.pollInterval;
        this.lease = b.leases == null
                ? null
                : new LeaseHold(b.leases, b.name, b.leaseHolder, b.leaseDuration, Clock.systemUTC());
    }

    public static Builder builder(DynamoDbClient client, DynamoDbStreamsClient streams, TableNames tables) {
        return new Builder(client, streams, tables);
    }

    /**
     * Reads the Stream once after its position, indexes what it holds and saves the position after it; returns how
     * many entries it appended. The position is loaded at the first poll (and after the lease passed to this indexer),
     * then kept in memory: stop the indexer before setting its checkpoint by hand. Without a saved position, or when
     * the Stream lost it, it backfills first.
     */
    public long indexOnce() {
        return indexing.indexOnce();
    }

    /** Indexes every event of the events table the index lacks (a {@code Scan}, consistent); returns how many. */
    public long backfill() {
        return indexing.backfill();
    }

    /**
     * Indexes, once, every event of the events table that the index lacks: for a table that had events before its
     * indexer (on Lambda, which reads the Stream only), or after the indexer lost records. Idempotent; run it while
     * the indexer runs or not. What {@code escqrs index backfill} does.
     */
    public static long backfillOnce(DynamoDbClient client, TableNames tables) {
        return Indexing.backfill(
                client,
                tables,
                new IndexWriter(client, tables, BadRecords.STOP, Clock.systemUTC(), IndexWriter.DEFAULT_HORIZON));
    }

    public Status status() {
        return indexing.status();
    }

    /** Indexes in the background until closed: a poll, then a wait of the poll interval when it found nothing. */
    public Running start() {
        return new Running();
    }

    /** A started indexer; close it to stop after the batch in hand. */
    public final class Running implements AutoCloseable {
        private final IndexerLoop loop = new IndexerLoop(indexing, lease, name, pollInterval);

        private Running() {}

        public Status status() {
            return DynamoDbIndexer.this.status();
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    public static final class Builder {
        private final DynamoDbClient client;
        private final DynamoDbStreamsClient streams;
        private final TableNames tables;
        private Checkpoints checkpoints;
        private String name = DEFAULT_NAME;
        private Duration pollInterval = Duration.ofMillis(500);
        private BadRecords badRecords = BadRecords.STOP;
        private Clock clock = Clock.systemUTC();
        private Duration horizon = IndexWriter.DEFAULT_HORIZON;
        private int batchSize = 1000;
        private Leases leases;
        private String leaseHolder;
        private Duration leaseDuration;

        private Builder(DynamoDbClient client, DynamoDbStreamsClient streams, TableNames tables) {
            this.client = Objects.requireNonNull(client, "client");
            this.streams = Objects.requireNonNull(streams, "streams");
            this.tables = Objects.requireNonNull(tables, "tables");
        }

        /** Where the Stream position is kept (default: the checkpoint table of the tables). */
        public Builder checkpoints(Checkpoints checkpoints) {
            this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
            return this;
        }

        /** The checkpoint name of the Stream position (default {@value #DEFAULT_NAME}). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * What to do with a Stream record that holds no event of ours (another table's, a REMOVE, a truncated image):
         * {@link BadRecords#STOP} (the default) stops at it with an error naming it; the others log, count and step over.
         */
        public Builder badRecords(BadRecords badRecords) {
            this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How far back a cold indexer reads the index to know what it holds (default 25 hours; see IndexWriter). */
        public Builder horizon(Duration horizon) {
            this.horizon = Objects.requireNonNull(horizon, "horizon");
            return this;
        }

        /**
         * Indexes only while {@code holder} holds the lease named after the indexer in {@code leases}: of several
         * replicas that start it one reads the Stream, and another takes over within about {@code duration} when it
         * dies. A second indexer by mistake is safe all the same; the lease keeps the Stream to one reader.
         */
        public Builder lease(Leases leases, String holder, Duration duration) {
            this.leases = Objects.requireNonNull(leases, "leases");
            this.leaseHolder = Objects.requireNonNull(holder, "holder");
            this.leaseDuration = LeaseHold.requireValidDuration(duration);
            return this;
        }

        /** The most Stream records one poll reads (default 1,000). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be 1 or more, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public DynamoDbIndexer build() {
            return new DynamoDbIndexer(this);
        }
    }
}
