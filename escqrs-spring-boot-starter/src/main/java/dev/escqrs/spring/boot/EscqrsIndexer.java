package dev.escqrs.spring.boot;

import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import org.springframework.context.SmartLifecycle;

import java.util.Objects;

/**
 * The change-feed indexer of this application ({@code escqrs.dynamodb.indexer.enabled=true}), started with the context
 * and stopped with it: under a lease, so that of several replicas one reads the Stream. {@link #status()} tells what it
 * did and how far behind it is.
 */
public final class EscqrsIndexer implements SmartLifecycle {
    private final DynamoDbIndexer indexer;
    private DynamoDbIndexer.Running running;

    public EscqrsIndexer(DynamoDbIndexer indexer) {
        this.indexer = Objects.requireNonNull(indexer, "indexer");
    }

    public DynamoDbIndexer.Status status() {
        return indexer.status();
    }

    @Override
    public synchronized void start() {
        if (running == null) {
            running = indexer.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running != null;
    }
}
