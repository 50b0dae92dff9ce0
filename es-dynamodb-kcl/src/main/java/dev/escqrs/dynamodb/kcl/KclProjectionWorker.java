package dev.escqrs.dynamodb.kcl;

import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.feed.SdkRecordsDecoder;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A projection on the events table's stream under KCL 3 with the DynamoDB Streams Kinesis Adapter: many workers (one
 * per container) share the stream's shards through leases in a DynamoDB lease table named after the application, a
 * worker that stops has its leases taken over, and each shard resumes at its checkpoint. escqrs writes no lease
 * protocol of its own.
 *
 * <p>Each batch KCL hands a shard's processor is decoded with escqrs's stream decoder (by the spec's bad-record
 * policy: stopping at a record that is not an event of ours, the default, or skipping it), ordered per aggregate by version, and applied through a {@link Projector} (repeats
 * skipped, gaps filled from the event store, other aggregate types ignored). The shard is checkpointed only after the
 * batch was applied. A batch that fails is tried again, with a growing pause ({@link Builder#backoffCap}), until it
 * succeeds or the worker stops, because KCL itself would go on with the next batch and the failed one would be lost;
 * the shard waits meanwhile, and the log says why (one line when it starts failing, one a minute, one when it goes
 * on). A new read model still needs its backfill from the store ({@code ProjectionRunner}): KCL starts at
 * the oldest record the stream holds (24 hours).
 *
 * <p>A lease whose checkpoint is older than the stream keeps (a worker fleet down for more than 24 hours) would have
 * the adapter skip to the shard's trim horizon with a log line only; instead, before the shard's first batch the
 * worker tries the checkpoint once and, when it is trimmed, catches the projection up from the event store
 * (repeats skipped), logs it once and counts it ({@link #counts()}, {@code heals}). A replaced stream (a restored table) has a new
 * ARN: give the new one to {@link Builder#stream}, under a new application name, and rebuild the read model with a
 * {@code ProjectionRunner} (a new lease table starts at the new stream's oldest record).
 *
 * <pre>{@code
 * ProjectionSpec spec = ProjectionSpec.builder("blog-published-posts", publishedPosts)   // the lease table's name
 *         .aggregates(BlogPosts.BLOG_POST).store(eventStore).build();
 * KclProjectionWorker worker = KclProjectionWorker.builder(spec).tables(tables)
 *         .stream(streamArn).clients(dynamoDbAsync, cloudWatchAsync, dynamoDbStreams, region)
 *         .build();
 * worker.start();   // ... worker.close() on shutdown
 * }</pre>
 */
public final class KclProjectionWorker implements AutoCloseable {
    private final ProjectionSpec spec;
    private final Map<String, EventStore> stores;
    private final SdkRecordsDecoder decoder;
    private final KclWorker worker;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();

    private KclProjectionWorker(Builder b) {
        this.spec = b.spec;
        Map<String, EventStore> stores = new LinkedHashMap<>();
        b.streams.forEach((arn, store) -> stores.put(arn, store != null ? store : spec.store()));
        this.stores = stores;
        TableNames tables = Objects.requireNonNull(b.tables, "tables: call tables(...) on the builder");
        this.decoder = SdkRecordsDecoder.of(spec, tables);
        this.worker = new KclWorker(
                spec.name(),
                List.copyOf(stores.keySet()),
                new KclWorker.ShardWork() {
                    @Override
                    public void apply(String streamArn, List<Record> records) {
                        project(store(streamArn), records);
                    }

                    @Override
                    public long heal(String streamArn) {
                        long caughtUp = TrimmedLeases.catchUp(spec.projection(), spec.aggregates(), store(streamArn));
                        applied.addAndGet(caughtUp);
                        return caughtUp;
                    }
                },
                b);
    }

    /**
     * A worker for the projection of {@code spec}: the spec's name is the KCL application's (its lease table), its
     * store fills gaps, its codec and bad-record policy decode the records.
     */
    public static Builder builder(ProjectionSpec spec) {
        return new Builder(spec);
    }

    /** Starts the KCL scheduler on a thread of its own. */
    public KclProjectionWorker start() {
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

    /** What this worker did since it was built. */
    public Counts counts() {
        return new Counts(
                applied.get(), repeats.get(), worker.batches.get(), worker.heals.get(), decoder.skippedCount());
    }

    /**
     * What a worker did since it was built.
     *
     * @param applied events applied, gap events included
     * @param repeats events skipped as already applied: after a takeover or restart at a checkpoint, none
     * @param batches batches applied and checkpointed
     * @param heals   leases taken at a checkpoint the stream had trimmed, healed by catching up from the store
     * @param skipped records skipped as not ours ({@link dev.escqrs.core.projection.BadRecords#SKIP})
     */
    public record Counts(long applied, long repeats, long batches, long heals, long skipped) {}

    private EventStore store(String streamArn) {
        return Objects.requireNonNull(stores.get(streamArn), () -> "no store for stream " + streamArn);
    }

    /** Decodes a batch and applies it; the shard's processor checkpoints after it, or tries it again. */
    private void project(EventStore store, List<Record> records) {
        try {
            DecodedBatch batch = decoder.decodeBatch(records);
            // a projector per batch: after a lease moved, another worker may have applied newer versions
            Projector projector = new Projector(spec, store);
            projector.retryParked(Instant.now());
            projector.apply(batch.events(), batch.unreadable());
            applied.addAndGet(projector.counts().applied());
            if (projector.counts().applied() > 0) {
                spec.observer().applied(spec.name(), projector.counts().applied());
            }
            repeats.addAndGet(projector.counts().repeats());
        } catch (RuntimeException e) {
            spec.observer().failed(spec.name(), e);
            throw e;
        }
    }

    /** Configures a {@link KclProjectionWorker}; the settings every worker of this module takes are inherited. */
    public static final class Builder extends KclOptions<Builder> {
        private final ProjectionSpec spec;
        private TableNames tables;
        private final Map<String, EventStore> streams = new LinkedHashMap<>();

        private Builder(ProjectionSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        @Override
        Builder self() {
            return this;
        }

        /** The tables, to tell the events table's records from others'. */
        public Builder tables(TableNames tables) {
            this.tables = Objects.requireNonNull(tables, "tables");
            return this;
        }

        /** The events table's stream ARN ({@code DescribeTable}'s {@code LatestStreamArn}); gaps are read from the spec's store. */
        public Builder stream(String streamArn) {
            this.streams.put(Objects.requireNonNull(streamArn, "streamArn"), null);
            return this;
        }

        /**
         * One of several streams this application consumes (several escqrs stores, one KCL application, one lease
         * table), with the store whose events table it belongs to, for gap filling. Each stream's shards are leases.
         */
        public Builder stream(String streamArn, EventStore store) {
            this.streams.put(Objects.requireNonNull(streamArn, "streamArn"), Objects.requireNonNull(store, "store"));
            return this;
        }

        public KclProjectionWorker build() {
            return new KclProjectionWorker(this);
        }
    }
}
