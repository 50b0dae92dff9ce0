package dev.escqrs.dynamodb.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import com.amazonaws.services.dynamodbv2.streamsadapter.util.KinesisMapperUtil;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.processor.FormerStreamsLeasesDeletionStrategy;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.StreamTracker;

/**
 * What every worker of this module shares: KCL 3's scheduler with the DynamoDB Streams Kinesis Adapter over one or
 * more streams, on a thread of its own, and a {@link ShardProcessor} per leased shard that hands each batch to the
 * worker's {@link ShardWork} and does the rest (retries, checkpoints, the trimmed-checkpoint check, the log). It also
 * knows how the shards it holds are doing: how far they have read, whether one is failing.
 */
final class KclWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KclWorker.class);

    /** What a worker does with its shards' records; {@link KclWorker} does everything around it. */
    interface ShardWork {
        /** Does what a batch of records of a shard of {@code streamArn} asks; throws to have the batch tried again. */
        void apply(String streamArn, List<Record> records);

        /**
         * Catches up from the event store on what the stream trimmed between a shard's checkpoint and its oldest
         * record, before the shard resumes there; returns how many events it applied or indexed, for the log.
         */
        long heal(String streamArn);
    }

    final String applicationName;
    final String workerId;
    final ShardWork work;
    final KclOptions<?> options;
    final TrimmedLeases trimmed;
    final AtomicLong batches = new AtomicLong();
    final AtomicLong heals = new AtomicLong();
    /** The processors of the shards this worker holds now. */
    private final Set<ShardProcessor> shards = ConcurrentHashMap.newKeySet();

    private final Scheduler scheduler;
    volatile boolean stopping;
    private Thread thread;

    KclWorker(String applicationName, List<String> streamArns, ShardWork work, KclOptions<?> options) {
        if (streamArns.isEmpty()) {
            throw new IllegalArgumentException("call stream(arn) with the events table's stream");
        }
        options.requireClients();
        this.applicationName = applicationName;
        this.workerId = options.workerId;
        this.work = Objects.requireNonNull(work, "work");
        this.options = options;
        this.trimmed = new TrimmedLeases(options.streamsClient);
        AmazonDynamoDBStreamsAdapterClient adapter =
                new AmazonDynamoDBStreamsAdapterClient(options.streamsClient, options.region);
        // the adapter's default, named because the workers depend on it: a trimmed checkpoint restarts the shard at
        // its trim horizon, after the worker caught up from the store (see ShardProcessor.initialize)
        adapter.setSkipRecordsBehavior(
                AmazonDynamoDBStreamsAdapterClient.SkipRecordsBehavior.SKIP_RECORDS_TO_TRIM_HORIZON);
        InitialPositionInStreamExtended oldest =
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON);
        StreamTracker tracker = streamArns.size() == 1
                ? StreamsSchedulerFactory.createSingleStreamTracker(streamArns.getFirst(), oldest)
                : StreamsSchedulerFactory.createMultiStreamTracker(
                        List.copyOf(streamArns),
                        oldest,
                        new FormerStreamsLeasesDeletionStrategy.NoLeaseDeletionStrategy());
        ShardRecordProcessorFactory processors = new ShardRecordProcessorFactory() {
            @Override
            public ShardRecordProcessor shardRecordProcessor() {
                return new ShardProcessor(KclWorker.this, streamArns.getFirst());
            }

            @Override
            public ShardRecordProcessor shardRecordProcessor(StreamIdentifier stream) {
                return new ShardProcessor(
                        KclWorker.this,
                        KinesisMapperUtil.createDynamoDBStreamsArnFromKinesisStreamName(stream.streamName()));
            }
        };
        ConfigsBuilder configs = new ConfigsBuilder(
                tracker, applicationName, adapter, options.leases, options.metrics, workerId, processors);
        configs.coordinatorConfig().skipShardSyncAtWorkerInitializationIfLeasesExist(true);
        var leaseManagement = configs.leaseManagementConfig()
                .leasesRecoveryAuditorInconsistencyConfidenceThreshold(0) // the adapter does no hole tracking
                .failoverTimeMillis(options.failoverTime.toMillis())
                // the adapter sets this itself, but only after the lease management factory read it: the first
                // shard sync would sleep a minute (on AWS too)
                .shardSyncIntervalMillis(0);
        leaseManagement
                .workerUtilizationAwareAssignmentConfig()
                .workerMetricsReporterFreqInMillis(options.workerMetricsInterval.toMillis());
        var retrieval = configs.retrievalConfig()
                .retrievalSpecificConfig(new DynamoDBStreamsPollingConfig(adapter)
                        .idleTimeBetweenReadsInMillis(options.idleTimeBetweenReads.toMillis()));
        // an empty read tells a shard's processor that it has read to the shard's end (see ShardProcessor.caughtUpAt)
        var processing = configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true);
        this.scheduler = StreamsSchedulerFactory.createScheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig(),
                leaseManagement,
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsLevel(options.metricsLevel),
                processing,
                retrieval,
                adapter);
    }

    /** Starts the KCL scheduler on a thread of its own. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("worker " + workerId + " of " + applicationName + " was started already");
        }
        thread = Thread.ofPlatform().name("escqrs-kcl-" + workerId).daemon().start(scheduler);
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

    /** The shards this worker holds leases on now, as KCL's lease coordinator knows them. */
    Set<String> shardsHeld() {
        return scheduler.leaseCoordinator().getAssignments().stream()
                .map(Lease::leaseKey)
                .collect(Collectors.toSet());
    }

    void holds(ShardProcessor shard) {
        shards.add(shard);
    }

    void letGo(ShardProcessor shard) {
        shards.remove(shard);
    }

    /** Whether this worker has no shard to process now: another worker holds the leases, or none was taken yet. */
    boolean standsBy() {
        return shards.isEmpty();
    }

    /**
     * Until when every shard this worker holds has been read and processed: the oldest of their marks; empty while it
     * holds none, or one of them has not got that far yet.
     */
    Optional<Instant> caughtUpAt() {
        Instant oldest = null;
        for (ShardProcessor shard : shards) {
            Instant at = shard.caughtUpAt();
            if (at == null) {
                return Optional.empty();
            }
            oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
        }
        return Optional.ofNullable(oldest);
    }

    /** The failure of a shard whose last attempt failed, in one line; empty while none is failing. */
    Optional<String> lastFailure() {
        return shards.stream()
                .map(ShardProcessor::lastFailure)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
