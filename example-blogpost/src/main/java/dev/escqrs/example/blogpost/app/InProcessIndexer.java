package dev.escqrs.example.blogpost.app;

import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The change-feed indexer when this service runs it ({@code --indexer here}, the default on DynamoDB): a
 * {@link DynamoDbIndexer} under the lease {@value DynamoDbIndexer#DEFAULT_NAME} of the {@code Replica}, so that of
 * several replicas one reads the events table's Stream and the runners of all of them read the index. None in memory
 * (the store is its own feed), on {@code --feed stream}, or where a Lambda indexes ({@code --indexer lambda}).
 */
public final class InProcessIndexer implements AutoCloseable {
    /**
     * Behind by more than this, the indexer is reported unhealthy: the read model's bound, since a read model on the
     * index is at best as fresh as the index.
     */
    public static final Duration MAX_LAG = ReadModel.MAX_LAG;

    private final Optional<DynamoDbIndexer> indexer;
    private volatile DynamoDbIndexer.Running running;

    private InProcessIndexer(Optional<DynamoDbIndexer> indexer) {
        this.indexer = indexer;
    }

    /** No indexer in this process. */
    public static InProcessIndexer none() {
        return new InProcessIndexer(Optional.empty());
    }

    /** {@code indexer}, built with its lease; not yet started. */
    public static InProcessIndexer of(DynamoDbIndexer indexer) {
        return new InProcessIndexer(Optional.of(indexer));
    }

    /** Starts indexing in the background, when there is an indexer here; the service stops it with {@link #close()}. */
    public synchronized InProcessIndexer start() {
        if (running == null) {
            running = indexer.map(DynamoDbIndexer::start).orElse(null);
        }
        return this;
    }

    /** Whether this process has an indexer (started or not). */
    public boolean runsHere() {
        return indexer.isPresent();
    }

    /** What the indexer did since it was made, while it runs here; empty when none runs here. */
    public Optional<DynamoDbIndexer.Status> status() {
        return Optional.ofNullable(running).map(DynamoDbIndexer.Running::status);
    }

    /** How the indexer is at {@code now}, for {@code /health}, while it runs here. */
    public Optional<Report> report(Instant now) {
        return status().map(status -> Report.of(status, now));
    }

    /** Where the indexer of this replica is, as {@code /health} shows it. */
    public enum Phase {
        /** Started or took the lease over, and has not read the Stream to its end yet (a first start backfills). */
        STARTING,
        /** Following the Stream. */
        TAILING,
        /** Its last attempt failed; it tries again after a backoff. */
        FAILED,
        /** Another replica holds the lease: this one waits, ready to take over. Not a failure. */
        STANDBY
    }

    /**
     * How the indexer is at one moment: its status and its lag then (empty before it first read the Stream to its end
     * after it started or took the lease over, and while it stands by).
     */
    public record Report(DynamoDbIndexer.Status status, Optional<Duration> lag) {
        public static Report of(DynamoDbIndexer.Status status, Instant now) {
            return new Report(status, status.lag(now));
        }

        public Phase phase() {
            if (status.standingBy()) {
                return Phase.STANDBY;
            }
            if (status.lastFailure().isPresent()) {
                return Phase.FAILED;
            }
            return lag.isEmpty() ? Phase.STARTING : Phase.TAILING;
        }

        /** Standing by, or tailing no more than {@link #MAX_LAG} behind. */
        public boolean isHealthy() {
            return switch (phase()) {
                case STANDBY -> true;
                case TAILING -> lag.orElseThrow().compareTo(MAX_LAG) <= 0;
                case STARTING, FAILED -> false;
            };
        }
    }

    /** Stops after the batch in hand and gives the lease up, so another replica takes over at once. */
    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
