package dev.escqrs.example.blogpost;

import dev.escqrs.dynamodb.feed.DynamoDbIndexer;

import java.util.Optional;

/**
 * The change-feed indexer when this service runs it ({@code --indexer here}, the default on DynamoDB): a
 * {@link DynamoDbIndexer} under the lease {@value DynamoDbIndexer#DEFAULT_NAME} of the {@code Replica}, so that of
 * several replicas one reads the events table's Stream and the runners of all of them read the index. None in memory
 * (the store is its own feed), on {@code --feed stream}, or where a Lambda indexes ({@code --indexer lambda}).
 */
final class InProcessIndexer implements AutoCloseable {
    private final Optional<DynamoDbIndexer> indexer;
    private DynamoDbIndexer.Running running;

    private InProcessIndexer(Optional<DynamoDbIndexer> indexer) {
        this.indexer = indexer;
    }

    /** No indexer in this process. */
    static InProcessIndexer none() {
        return new InProcessIndexer(Optional.empty());
    }

    /** {@code indexer}, built with its lease; not yet started. */
    static InProcessIndexer of(DynamoDbIndexer indexer) {
        return new InProcessIndexer(Optional.of(indexer));
    }

    /** Starts indexing in the background, when there is an indexer here; the service stops it with {@link #close()}. */
    synchronized InProcessIndexer start() {
        if (running == null) {
            running = indexer.map(DynamoDbIndexer::start).orElse(null);
        }
        return this;
    }

    /** Whether this process has an indexer (started or not). */
    boolean runsHere() {
        return indexer.isPresent();
    }

    /** What the indexer did since it was made; empty when there is none here. */
    Optional<DynamoDbIndexer.Status> status() {
        return indexer.map(DynamoDbIndexer::status);
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
