package dev.escqrs.core.port;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Snapshots#inMemory()}. */
final class InMemorySnapshots implements Snapshots {
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    @Override
    public Optional<Snapshot> load(String name) {
        return Optional.ofNullable(snapshots.get(name));
    }

    @Override
    public void save(String name, Snapshot snapshot) {
        snapshots.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(snapshot, "snapshot"));
    }

    @Override
    public void delete(String name) {
        snapshots.remove(name);
    }
}
