package dev.escqrs.inmemory;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints in memory, beside {@link InMemoryEventStore}: gone when the process ends, as the store's events are. */
public final class InMemoryCheckpoints implements Checkpoints {
    public InMemoryCheckpoints() {}

    private final Map<String, Checkpoint> positions = new ConcurrentHashMap<>();

    @Override
    public Optional<Checkpoint> load(String consumer) {
        return Optional.ofNullable(positions.get(Identifiers.requireValid("consumer", consumer)));
    }

    @Override
    public void save(String consumer, Checkpoint checkpoint) {
        positions.put(Identifiers.requireValid("consumer", consumer), Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    @Override
    public void delete(String consumer) {
        positions.remove(Identifiers.requireValid("consumer", consumer));
    }
}
