package dev.escqrs.core.projection;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The checkpoint of a projection that lives in memory: held by the runner, gone with it, as the state is. */
final class HeldCheckpoint implements Checkpoints {
    private final String name;
    private final AtomicReference<Checkpoint> held = new AtomicReference<>();

    HeldCheckpoint(String name) {
        this.name = name;
    }

    @Override
    public Optional<Checkpoint> load(String consumer) {
        return consumer.equals(name) ? Optional.ofNullable(held.get()) : Optional.empty();
    }

    @Override
    public void save(String consumer, Checkpoint checkpoint) {
        held.set(Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    @Override
    public void delete(String consumer) {
        held.set(null);
    }
}
