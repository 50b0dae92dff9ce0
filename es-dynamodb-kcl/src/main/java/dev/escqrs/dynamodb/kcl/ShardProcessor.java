package dev.escqrs.dynamodb.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.OutageLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * One shard's processor (KCL makes one per lease): each batch goes to the worker's {@link KclWorker.ShardWork}, is
 * checkpointed once that succeeded, and is tried again after a growing pause while it fails, because KCL itself would
 * go on with the next batch and the failed one would be lost. The shard waits meanwhile, and the log says why (one
 * line when it starts failing, one a minute, one when it goes on). Before the first batch, a checkpoint the stream has
 * trimmed is caught up on from the store ({@link TrimmedLeases}).
 */
final class ShardProcessor implements DynamoDBStreamsShardRecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ShardProcessor.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final OutageLog.Printer OUTAGE_LINES = (level, line, trace) -> {
        if (level == System.Logger.Level.INFO) {
            LOG.info(line);
        } else if (trace == null) {
            LOG.warn(line);
        } else {
            LOG.warn(line, trace);
        }
    };

    private final KclWorker worker;
    private final String streamArn;
    private String shardId = "?";
    // a failing batch waits longer and longer, and logs a line when down, a minute, when back
    private Backoff backoff;
    private OutageLog outage;
    private volatile String lastFailure;
    private volatile Instant caughtUpAt;

    ShardProcessor(KclWorker worker, String streamArn) {
        this.worker = worker;
        this.streamArn = streamArn;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        backoff = new Backoff(RETRY_PAUSE, worker.options.backoffCap);
        outage = new OutageLog(
                "KCL worker %s of %s, shard %s".formatted(worker.workerId, worker.applicationName, shardId),
                OUTAGE_LINES);
        worker.holds(this);
        ExtendedSequenceNumber at = input.extendedSequenceNumber();
        LOG.info("worker {} took shard {} at {}", worker.workerId, shardId, at);
        if (at == null || at.isSentinelCheckpoint()) {
            return;
        }
        while (!worker.stopping) {
            try {
                if (worker.trimmed.isTrimmed(streamArn, shardId, at.sequenceNumber())) {
                    LOG.warn(
                            "worker {}: the checkpoint {} of shard {} is older than the stream keeps (24 hours); "
                                    + "catching up from the event store before the shard resumes at its oldest record",
                            worker.workerId,
                            at.sequenceNumber(),
                            shardId);
                    long caughtUp = worker.work.heal(streamArn);
                    worker.heals.incrementAndGet();
                    LOG.warn(
                            "worker {}: shard {} healed, {} events caught up on from the store",
                            worker.workerId,
                            shardId,
                            caughtUp);
                }
                succeeded();
                return;
            } catch (RuntimeException e) {
                failed(e); // checking whether the checkpoint is trimmed, or catching up
            }
        }
    }

    @Override
    public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
        if (input.records().isEmpty()) { // KCL read to the shard's end and found nothing new
            caughtUp(input.cacheEntryTime() != null ? input.cacheEntryTime() : Instant.now());
            return;
        }
        List<Record> records = new ArrayList<>(input.records().size());
        for (DynamoDBStreamsClientRecord record : input.records()) {
            records.add(record.getRecord());
        }
        while (!worker.stopping) {
            try {
                worker.work.apply(streamArn, records);
                checkpoint(input.checkpointer());
                worker.batches.incrementAndGet();
                succeeded();
                Instant newest = records.getLast().dynamodb() == null
                        ? null
                        : records.getLast().dynamodb().approximateCreationDateTime();
                if (newest != null) {
                    caughtUp(newest);
                }
                return;
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    /**
     * Until when this shard has been read and processed: the time of its last empty read, or the creation time of the
     * newest record it processed, whichever is later; null before either.
     */
    Instant caughtUpAt() {
        return caughtUpAt;
    }

    /** Why the last attempt failed, in one line; null when it succeeded. */
    String lastFailure() {
        return lastFailure;
    }

    private void caughtUp(Instant at) {
        Instant before = caughtUpAt;
        if (before == null || at.isAfter(before)) {
            caughtUpAt = at;
        }
    }

    private void succeeded() {
        lastFailure = null;
        backoff.reset();
        outage.succeeded();
    }

    /** The batch (or the check) is tried again after a backoff; the outage log decides whether to say so. */
    private void failed(RuntimeException e) {
        lastFailure = OutageLog.describe(e);
        Duration wait = backoff.next();
        outage.failed(e, wait);
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer) {
        try {
            checkpointer.checkpoint();
        } catch (ShutdownException lost) {
            LOG.info(
                    "worker {}: lease on shard {} lost before its checkpoint; the next holder repeats the batch",
                    worker.workerId,
                    shardId);
        } catch (InvalidStateException e) {
            throw new IllegalStateException("checkpointing shard " + shardId + " failed", e);
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        worker.letGo(this);
        LOG.info("worker {} lost its lease on shard {}", worker.workerId, shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        worker.letGo(this);
        checkpoint(input.checkpointer()); // KCL requires it at a shard's end, before the children start
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        worker.letGo(this);
        checkpoint(input.checkpointer()); // everything handed in so far was processed
    }
}
