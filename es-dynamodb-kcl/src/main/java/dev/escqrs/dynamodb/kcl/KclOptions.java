package dev.escqrs.dynamodb.kcl;

import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.Identifiers;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.metrics.MetricsLevel;

/**
 * The settings every worker of this module takes, whatever it does with the records: KCL's clients, the worker's name
 * in the lease table, KCL's timings and the backoff of a failing batch. The public builders extend it, so that each
 * setting is written once.
 *
 * @param <B> the builder that extends it, which every setter returns
 */
abstract class KclOptions<B extends KclOptions<B>> {
    String workerId = UUID.randomUUID().toString();
    DynamoDbAsyncClient leases;
    CloudWatchAsyncClient metrics;
    DynamoDbStreamsClient streamsClient;
    Region region;
    Duration failoverTime = Duration.ofSeconds(10);
    Duration workerMetricsInterval = Duration.ofSeconds(30);
    Duration idleTimeBetweenReads = Duration.ofMillis(500);
    Duration backoffCap = Backoff.DEFAULT_CAP;
    MetricsLevel metricsLevel = MetricsLevel.SUMMARY;

    abstract B self();

    /**
     * The clients: DynamoDB (async, for KCL's lease, coordinator and worker-metrics tables), CloudWatch (async, KCL's
     * metrics), DynamoDB Streams (the adapter reads the stream through it), and the region.
     */
    public B clients(
            DynamoDbAsyncClient leases, CloudWatchAsyncClient metrics, DynamoDbStreamsClient streams, Region region) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.streamsClient = Objects.requireNonNull(streams, "streams");
        this.region = Objects.requireNonNull(region, "region");
        return self();
    }

    /** This worker's name in the lease table (default: a random UUID). */
    public B workerId(String workerId) {
        this.workerId = Identifiers.requireValid("workerId", workerId);
        return self();
    }

    /**
     * How long a lease may go unrenewed before another worker takes it (KCL's {@code failoverTimeMillis}, default
     * 10 s), and how often a worker reports its metrics; KCL 3 counts a worker as alive until its metrics row is
     * twice that interval old (default 30 s).
     */
    public B failover(Duration failoverTime, Duration workerMetricsInterval) {
        this.failoverTime = Objects.requireNonNull(failoverTime, "failoverTime");
        this.workerMetricsInterval = Objects.requireNonNull(workerMetricsInterval, "workerMetricsInterval");
        return self();
    }

    /** The pause between polls of an idle shard (default 500 ms). */
    public B idleTimeBetweenReads(Duration idle) {
        this.idleTimeBetweenReads = Objects.requireNonNull(idle, "idle");
        return self();
    }

    /**
     * The longest wait between attempts at a batch that fails (default 30 s): the first retry comes after 500 ms,
     * each further one after twice as long, with jitter, up to this cap. The shard waits meanwhile (KCL would go on
     * with the next batch and lose this one). The log has one line when a shard's batches start failing, one a
     * minute while they fail, and one when the shard goes on.
     */
    public B backoffCap(Duration backoffCap) {
        this.backoffCap = Backoff.requireValidCap(backoffCap);
        return self();
    }

    /** KCL's CloudWatch metrics (default SUMMARY; NONE against an emulator). */
    public B metricsLevel(MetricsLevel level) {
        this.metricsLevel = Objects.requireNonNull(level, "level");
        return self();
    }

    void requireClients() {
        Objects.requireNonNull(leases, "clients: call clients(...) on the builder");
    }
}
