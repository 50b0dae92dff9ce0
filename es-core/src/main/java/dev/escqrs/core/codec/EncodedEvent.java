package dev.escqrs.core.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.event.EventMetadata;

/**
 * An event as stores keep it: the envelope's fields, the schema version the payload was written at, and the payload
 * as a JSON object. Stores map this to their own format and back; only the codec turns it into typed envelopes.
 */
public record EncodedEvent(
        String eventId,
        String eventName,
        String aggregateName,
        String aggregateId,
        long aggregateVersion,
        String actorId,
        int schemaVersion,
        ObjectNode payload,
        EventMetadata metadata) {

    /** {@code aggregateName#aggregateId}. */
    public String streamId() {
        return dev.escqrs.core.internal.StreamIds.of(aggregateName, aggregateId);
    }
}
