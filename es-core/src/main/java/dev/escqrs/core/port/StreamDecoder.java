package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;

import java.util.List;

/**
 * Turns a batch of a store's change records (DynamoDB Streams records, a Lambda stream event) back into typed
 * envelopes.
 *
 * <p>The result holds only inserted events, ordered by aggregate ({@code streamId}) and then {@code aggregateVersion}
 * (records of one transaction can arrive out of order). A record that is not one of our events is an error naming it,
 * unless the decoder was built to skip such records. Decoding does not remove repeats: change streams deliver at
 * least once, so consumers remember the last version they applied per aggregate.
 *
 * @param <B> the batch type
 */
public interface StreamDecoder<B> {
    List<AggregateEvent<Object>> decode(B batch);
}
