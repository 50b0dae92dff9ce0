package dev.escqrs.core.port;

import java.util.Optional;

/**
 * Where read models in memory keep their snapshots, one per name (the projection's): a new snapshot replaces the
 * last, whole or not at all.
 */
public interface Snapshots {
    /** The last snapshot saved under {@code name}, if any. */
    Optional<Snapshot> load(String name);

    /** Replaces the snapshot of {@code name}: a load sees the old one or this one, never a mix. */
    void save(String name, Snapshot snapshot);

    void delete(String name);

    /** Snapshots in this process's memory: for tests (a restart loses them). */
    static Snapshots inMemory() {
        return new InMemorySnapshots();
    }
}
