package dev.escqrs.dynamodb.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import com.amazonaws.services.dynamodbv2.streamsadapter.util.KinesisMapperUtil;
import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.internal.OutageLog;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.dynamodb.feed.SdkRecordsDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.FormerStreamsLeasesDeletionStrategy;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

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
    private static final Logger LOG = LoggerFactory.getLogger(KclProjectionWorker.class);
    private static final OutageLog.Printer OUTAGE_LINES = (level, line, trace) -> {
        if (level == System.Logger.Level.INFO) {
            LOG.info(line);
        } else if (trace == null) {
            LOG.warn(line);
        } else {
            LOG.warn(line, trace);
        }
    };

    private final String applicationName;
    private final String workerId;
    private final ProjectionSpec spec;
    private final Map<String, EventStore> stores;
    private final SdkRecordsDecoder decoder;
    private final Scheduler scheduler;
    private final Duration retryPause;
    private final Duration backoffCap;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong heals = new AtomicLong();
    private final TrimmedLeases trimmed;
    private volatile boolean stopping;
    private Thread thread;

    private KclProjectionWorker(Builder b) {
        this.spec = b.spec;
        this.applicationName = spec.name();
        this.workerId = b.workerId;
        if (b.streams.isEmpty()) {
            throw new IllegalArgumentException("call stream(arn) with the events table's stream");
        }
        Map<String, EventStore> stores = new LinkedHashMap<>();
        b.streams.forEach((arn, store) -> stores.put(arn, store != null ? store
                : spec.store()));
        this.stores = stores;
        TableNames tables = Objects.requireNonNull(b.tables, "tables: call tables(...) on the builder");
        this.decoder = SdkRecordsDecoder.of(spec, tables);
        this.retryPause = b.retryPause;
        this.backoffCap = b.backoffCap;
        Objects.requireNonNull(b.leases, "clients: call clients(...)");

        this.trimmed = new TrimmedLeases(b.streamsClient, spec.projection(), spec.aggregates());
        AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(b.streamsClient, b.region);
        // the adapter's default, named because the worker depends on it: a trimmed checkpoint restarts the shard at its
        // trim horizon, after the worker caught up from the store (see ProcessorForShard.initialize)
        adapter.setSkipRecordsBehavior(AmazonDynamoDBStreamsAdapterClient.SkipRecordsBehavior.SKIP_RECORDS_TO_TRIM_HORIZON);
        InitialPositionInStreamExtended oldest = InitialPositionInStreamExtended.newInitialPosition(
                InitialPositionInStream.TRIM_HORIZON);
        StreamTracker tracker = stores.size() == 1
                ? StreamsSchedulerFactory.createSingleStreamTracker(stores.keySet().iterator().next(), oldest)
                : StreamsSchedulerFactory.createMultiStreamTracker(List.copyOf(stores.keySet()), oldest,
                        new FormerStreamsLeasesDeletionStrategy.NoLeaseDeletionStrategy());
        ShardRecordProcessorFactory processors = new ShardRecordProcessorFactory() {
            @Override
            public ShardRecordProcessor shardRecordProcessor() {
                var only = stores.entrySet().iterator().next();
                return new ProcessorForShard(only.getKey(), only.getValue());
            }

            @Override
            public ShardRecordProcessor shardRecordProcessor(StreamIdentifier stream) {
                String arn = KinesisMapperUtil.createDynamoDBStreamsArnFromKinesisStreamName(stream.streamName());
                return new ProcessorForShard(arn, Objects.requireNonNull(stores.get(arn), () -> "no store for stream " + arn));
            }
        };
        ConfigsBuilder configs = new ConfigsBuilder(tracker, applicationName, adapter, b.leases, b.metrics, workerId,
                processors);
        configs.coordinatorConfig().skipShardSyncAtWorkerInitializationIfLeasesExist(true);
        var leaseManagement = configs.leaseManagementConfig()
                .leasesRecoveryAuditorInconsistencyConfidenceThreshold(0) // the adapter does no hole tracking
                .failoverTimeMillis(b.failoverTime.toMillis())
                // the adapter sets this itself, but only after the lease management factory read it: the first
                // shard sync would sleep a minute (on AWS too)
                .shardSyncIntervalMillis(0);
        leaseManagement.workerUtilizationAwareAssignmentConfig()
                .workerMetricsReporterFreqInMillis(b.workerMetricsInterval.toMillis());
        var retrieval = configs.retrievalConfig()
                .retrievalSpecificConfig(new DynamoDBStreamsPollingConfig(adapter)
                        .idleTimeBetweenReadsInMillis(b.idleTimeBetweenReads.toMillis()));
        this.scheduler = StreamsSchedulerFactory.createScheduler(configs.checkpointConfig(),
                configs.coordinatorConfig(), leaseManagement, configs.lifecycleConfig(),
                configs.metricsConfig().metricsLevel(b.metricsLevel), configs.processorConfig(), retrieval, adapter);
    }

    /**
     * A worker for the projection of {@code spec}: the spec's name is the KCL application's (its lease table), its
     * store fills gaps, its codec and bad-record policy decode the records.
     */
    public static Builder builder(ProjectionSpec spec) {
        return new Builder(spec);
    }

    /** Starts the KCL scheduler on a thread of its own. */
    public synchronized KclProjectionWorker start() {
        if (thread != null) {
            throw new IllegalStateException("worker " + workerId + " of " + applicationName + " was started already");
        }
        thread = Thread.ofPlatform().name("escqrs-kcl-" + workerId).daemon().start(scheduler);
        return this;
    }

    /** Stops taking batches, lets KCL checkpoint and hand its leases back, and waits (up to 60 s) for it. */
    @Override
    public void close() {
        stopping = true;
        try {
            scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("worker {} of {} did not shut down gracefully; shutting down", workerId, applicationName, e);
            scheduler.shutdown();
        }
    }

    public String workerId() {
        return workerId;
    }

    /** The shards this worker holds leases on now. */
    public Set<String> shardsHeld() {
        return scheduler.leaseCoordinator().getAssignments().stream().map(Lease::leaseKey).collect(Collectors.toSet());
    }

    /** What this worker did since it was built. */
    public Counts counts() {
        return new Counts(applied.get(), repeats.get(), batches.get(), heals.get(), decoder.skippedCount());
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
    public record Counts(long applied, long repeats, long batches, long heals, long skipped) {
    }

    /** One shard's processor: KCL makes one per lease. */
    private final class ProcessorForShard implements DynamoDBStreamsShardRecordProcessor {
        private final String streamArn;
        private final EventStore store;
        private String shardId = "?";
        // one per shard: a failing batch waits longer and longer, and logs a line when down, a minute, when back
        private Backoff backoff;
        private OutageLog outage;

        ProcessorForShard(String streamArn, EventStore store) {
            this.streamArn = streamArn;
            this.store = store;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
            backoff = new Backoff(retryPause, backoffCap);
            outage = new OutageLog("KCL worker %s of %s, shard %s".formatted(workerId, applicationName, shardId),
                    OUTAGE_LINES);
            ExtendedSequenceNumber at = input.extendedSequenceNumber();
            LOG.info("worker {} took shard {} at {}", workerId, shardId, at);
            if (at == null || at.isSentinelCheckpoint()) {
                return;
            }
            while (!stopping) {
                try {
                    if (trimmed.isTrimmed(streamArn, shardId, at.sequenceNumber())) {
                        LOG.warn("worker {}: the checkpoint {} of shard {} is older than the stream keeps (24 hours); "
                                + "catching up from the event store before the shard resumes at its oldest record",
                                workerId, at.sequenceNumber(), shardId);
                        long caughtUp = trimmed.catchUp(store);
                        applied.addAndGet(caughtUp);
                        heals.incrementAndGet();
                        LOG.warn("worker {}: shard {} healed, {} events applied from the store", workerId, shardId, caughtUp);
                    }
                    succeeded();
                    return;
                } catch (RuntimeException e) {
                    failed(e); // checking whether the checkpoint is trimmed
                }
            }
        }

        @Override
        public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
            List<Record> records = new ArrayList<>(input.records().size());
            for (DynamoDBStreamsClientRecord record : input.records()) {
                records.add(record.getRecord());
            }
            while (!stopping) {
                try {
                    DecodedBatch batch = decoder.decodeBatch(records);
                    // a projector per batch: after a lease moved, another worker may have applied newer versions
                    Projector projector = new Projector(spec, store);
                    projector.retryParked(java.time.Instant.now());
                    projector.apply(batch.events(), batch.unreadable());
                    applied.addAndGet(projector.counts().applied());
                    if (projector.counts().applied() > 0) {
                        spec.observer().applied(spec.name(), projector.counts().applied());
                    }
                    repeats.addAndGet(projector.counts().repeats());
                    checkpoint(input.checkpointer());
                    batches.incrementAndGet();
                    succeeded();
                    return;
                } catch (RuntimeException e) {
                    spec.observer().failed(spec.name(), e);
                    failed(e);
                }
            }
        }

        private void succeeded() {
            backoff.reset();
            outage.succeeded();
        }

        /** The batch (or the check) is tried again after a backoff; the outage log decides whether to say so. */
        private void failed(RuntimeException e) {
            Duration wait = backoff.next();
            outage.failed(e, wait);
            sleep(wait.toMillis());
        }

        private void checkpoint(RecordProcessorCheckpointer checkpointer) {
            try {
                checkpointer.checkpoint();
            } catch (ShutdownException lost) {
                LOG.info("worker {}: lease on shard {} lost before its checkpoint; the next holder repeats the batch",
                        workerId, shardId);
            } catch (InvalidStateException e) {
                throw new IllegalStateException("checkpointing shard " + shardId + " failed", e);
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            LOG.info("worker {} lost its lease on shard {}", workerId, shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            checkpoint(input.checkpointer()); // KCL requires it at a shard's end, before the children start
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            checkpoint(input.checkpointer()); // everything handed in so far was applied
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link KclProjectionWorker}. */
    public static final class Builder {
        private final ProjectionSpec spec;
        private String workerId = UUID.randomUUID().toString();
        private TableNames tables;
        private final Map<String, EventStore> streams = new LinkedHashMap<>();
        private DynamoDbAsyncClient leases;
        private CloudWatchAsyncClient metrics;
        private DynamoDbStreamsClient streamsClient;
        private Region region;
        private Duration failoverTime = Duration.ofSeconds(10);
        private Duration workerMetricsInterval = Duration.ofSeconds(30);
        private Duration idleTimeBetweenReads = Duration.ofMillis(500);
        private Duration retryPause = Duration.ofMillis(500);
        private Duration backoffCap = Backoff.DEFAULT_CAP;
        private MetricsLevel metricsLevel = MetricsLevel.SUMMARY;

        private Builder(ProjectionSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
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

        /**
         * The clients: DynamoDB (async, for KCL's lease, coordinator and worker-metrics tables), CloudWatch (async, KCL's
         * metrics), DynamoDB Streams (the adapter reads the stream through it), and the region.
         */
        public Builder clients(DynamoDbAsyncClient leases, CloudWatchAsyncClient metrics, DynamoDbStreamsClient streams,
                               Region region) {
            this.leases = Objects.requireNonNull(leases, "leases");
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            this.streamsClient = Objects.requireNonNull(streams, "streams");
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** This worker's name in the lease table (default: a random UUID). */
        public Builder workerId(String workerId) {
            this.workerId = Identifiers.requireValid("workerId", workerId);
            return this;
        }

        /**
         * How long a lease may go unrenewed before another worker takes it (KCL's {@code failoverTimeMillis}, default
         * 10 s), and how often a worker reports its metrics; KCL 3 counts a worker as alive until its metrics row is
         * twice that interval old (default 30 s).
         */
        public Builder failover(Duration failoverTime, Duration workerMetricsInterval) {
            this.failoverTime = Objects.requireNonNull(failoverTime, "failoverTime");
            this.workerMetricsInterval = Objects.requireNonNull(workerMetricsInterval, "workerMetricsInterval");
            return this;
        }

        /** The pause between polls of an idle shard (default 500 ms). */
        public Builder idleTimeBetweenReads(Duration idle) {
            this.idleTimeBetweenReads = Objects.requireNonNull(idle, "idle");
            return this;
        }

        /**
         * The longest wait between attempts at a batch that fails (default 30 s): the first retry comes after 500 ms,
         * each further one after twice as long, with jitter, up to this cap. The shard waits meanwhile (KCL would go on
         * with the next batch and lose this one). The log has one line when a shard's batches start failing, one a
         * minute while they fail, and one when the shard goes on.
         */
        public Builder backoffCap(Duration backoffCap) {
            this.backoffCap = Backoff.requireValidCap(backoffCap);
            return this;
        }

        /** KCL's CloudWatch metrics (default SUMMARY; NONE against an emulator). */
        public Builder metricsLevel(MetricsLevel level) {
            this.metricsLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        public KclProjectionWorker build() {
            return new KclProjectionWorker(this);
        }
    }
}
