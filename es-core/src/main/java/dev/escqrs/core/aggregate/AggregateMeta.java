package dev.escqrs.core.aggregate;

import dev.escqrs.core.spi.Identifiers;

import java.time.Instant;
import java.util.Objects;

/**
 * What every aggregate has besides its state: its id, its version (the number of events applied), the actor of the
 * last change, and when it was created and last changed (the times of its first and last event).
 */
public record AggregateMeta(String id, long version, String actorId, Instant createdAt, Instant updatedAt) {
    public AggregateMeta {
        Identifiers.requireValid("aggregateId", id);
        Identifiers.requireValid("actorId", actorId);
        if (version < 1) {
            throw new IllegalArgumentException("aggregate %s: version must be 1 or more, got %d".formatted(id, version));
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
