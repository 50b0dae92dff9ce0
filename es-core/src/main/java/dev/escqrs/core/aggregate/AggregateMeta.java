package dev.escqrs.core.aggregate;

import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.core.internal.Identifiers;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every aggregate has besides its state: its id, its version (the number of events applied), the actor of the
 * last change, when it was created and last changed (the times of its first and last event), and the commands sent
 * with an idempotency key that it still remembers ({@link KeyedCommand}, oldest first).
 */
public record AggregateMeta(
        String id,
        long version,
        String actorId,
        Instant createdAt,
        Instant updatedAt,
        List<KeyedCommand> keyedCommands) {
    public AggregateMeta {
        Identifiers.requireValid("aggregateId", id);
        Identifiers.requireValid("actorId", actorId);
        if (version < 1) {
            throw new IllegalArgumentException(
                    "aggregate %s: version must be 1 or more, got %d".formatted(id, version));
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        keyedCommands = List.copyOf(keyedCommands);
    }

    /** Metadata of an aggregate that remembers no keyed command. */
    public AggregateMeta(String id, long version, String actorId, Instant createdAt, Instant updatedAt) {
        this(id, version, actorId, createdAt, updatedAt, List.of());
    }

    /** The remembered command sent with the key whose hash is {@code keyHash}, if any. */
    public Optional<KeyedCommand> keyedCommand(String keyHash) {
        for (KeyedCommand entry : keyedCommands) {
            if (entry.keyHash().equals(keyHash)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }
}
