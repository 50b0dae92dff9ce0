package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;
import java.util.List;

/**
 * Turns a batch of a store's change-feed records (DynamoDB Streams records, a Lambda DynamoDB Streams event) back into typed
 * envelopes.
 *
 * <p>The result holds only inserted events, ordered by aggregate ({@code streamId}) and then {@code aggregateVersion}
 * (records of one transaction can arrive out of order). Each record is decoded on its own: a record that is not one of
 * our events, or cannot be read, is an error naming its event id and sequence number, unless the decoder was built to
 * skip such records ({@link dev.escqrs.core.projection.BadRecords#SKIP}); then it is logged, counted ({@link #skippedCount()}, {@link DecodedBatch#skipped()}) and the
 * rest of the batch is delivered. Decoding does not remove repeats: change feeds deliver at least once, so
 * consumers remember the last version they applied per aggregate.
 *
 * @param <B> the batch type
 */
public interface FeedDecoder<B> {
    /** The batch's events and what was skipped. */
    DecodedBatch decodeBatch(B batch);

    /** The batch's events. */
    default List<AggregateEvent<Object>> decode(B batch) {
        return decodeBatch(batch).events();
    }

    /** How many records this decoder has skipped since it was made (0 for a strict one). */
    long skippedCount();
}
