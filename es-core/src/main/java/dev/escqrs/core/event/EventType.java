package dev.escqrs.core.event;

import dev.escqrs.core.internal.Identifiers;

/**
 * One registered kind of event: its stored name, the record class of its payload, and the schema version that
 * this code writes.
 */
public record EventType<P>(String name, Class<P> payloadClass, int schemaVersion) {
    public EventType {
        Identifiers.requireValid("event name", name);
        if (schemaVersion < 1) {
            throw new IllegalArgumentException(
                    "event type %s: schemaVersion must be 1 or more, got %d".formatted(name, schemaVersion));
        }
    }
}
