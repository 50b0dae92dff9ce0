package dev.escqrs.core.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.EventType;
import dev.escqrs.core.event.EventTypes;
import java.util.HashSet;
import java.util.Set;

/** Reads a stored payload: refuses a newer schema, decrypts personal data, upcasts step by step, maps to its class. */
final class StoredPayloads {
    private final EventTypes types;
    private final PayloadMapper payloads;
    private final PersonalDataCipher personal;

    StoredPayloads(EventTypes types, PayloadMapper payloads, PersonalDataCipher personal) {
        this.types = types;
        this.payloads = payloads;
        this.personal = personal;
    }

    /** The payload of {@code stored}: checked, decrypted, upcast to the registered schema version and read. */
    Object read(EncodedEvent stored) {
        EventType<?> type = types.byName(stored.eventName());
        int version = stored.schemaVersion();
        if (version > type.schemaVersion()) {
            throw new SerializationException(("event %s (%s) of %s %s was written at schema version %d, newer than "
                            + "this code's %d; deploy the newer code to read it")
                    .formatted(
                            stored.eventId(),
                            stored.eventName(),
                            stored.aggregateName(),
                            stored.aggregateId(),
                            version,
                            type.schemaVersion()));
        }
        ObjectNode json = stored.payload().deepCopy();
        Set<String> revealed = new HashSet<>();
        personal.reveal(
                json,
                JsonCodec.associated(stored.eventId()),
                revealed,
                () -> "event %s (%s) of %s %s"
                        .formatted(stored.eventId(), stored.eventName(), stored.aggregateName(), stored.aggregateId()));
        while (version < type.schemaVersion()) {
            final int from = version;
            json = types.upcaster(type.name(), from)
                    .orElseThrow(() -> new SerializationException(
                            "event %s (%s) of %s %s is at schema version %d and no upcaster from %d to %d is registered"
                                    .formatted(
                                            stored.eventId(),
                                            stored.eventName(),
                                            stored.aggregateName(),
                                            stored.aggregateId(),
                                            from,
                                            from,
                                            from + 1)))
                    .upcast(json);
            version++;
        }
        PersonalDataCipher.nullErased(json, type.payloadClass());
        try {
            return payloads.fromTree(json, type.payloadClass());
        } catch (IllegalArgumentException e) {
            throw new SerializationException(
                    "event %s (%s) of %s %s version %d cannot be read as %s: %s"
                            .formatted(
                                    stored.eventId(),
                                    stored.eventName(),
                                    stored.aggregateName(),
                                    stored.aggregateId(),
                                    stored.aggregateVersion(),
                                    type.payloadClass().getName(),
                                    PersonalDataCipher.hide(e.getMessage(), revealed)),
                    revealed.isEmpty() ? e : null);
        }
    }
}
