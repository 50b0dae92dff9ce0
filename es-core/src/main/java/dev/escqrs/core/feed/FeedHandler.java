package dev.escqrs.core.feed;

import dev.escqrs.core.port.FeedBatch;

/**
 * Consumes batches from a change feed. Throwing makes the subscription deliver the same batch again (after a
 * pause), so a handler must tolerate repeats: keep the last version applied per aggregate.
 */
@FunctionalInterface
public interface FeedHandler {
    void handle(FeedBatch batch) throws Exception;
}
