package dev.escqrs.core.feed;

import dev.escqrs.core.port.FeedBatch;

/**
 * Consumes batches from a change feed. Throwing makes the subscription deliver the same batch again (after a
 * pause), so a handler must tolerate repeats: keep the last version applied per aggregate. A feed built to park
 * ({@link dev.escqrs.core.projection.BadRecords#PARK}) also hands over the events it could not decode
 * ({@link FeedBatch#unreadable()}): a handler that does not park them must throw, or they are passed over; a
 * {@link dev.escqrs.core.projection.Projector} built from a spec under PARK parks them
 * ({@code projector.apply(batch.events(), batch.unreadable())}).
 */
@FunctionalInterface
public interface FeedHandler {
    void handle(FeedBatch batch) throws Exception;
}
