package dev.escqrs.inmemory;

import dev.escqrs.core.port.Snapshots;
import dev.escqrs.testkit.contract.SnapshotsContract;

/** {@link Snapshots#inMemory()} against the snapshots contract. */
class InMemorySnapshotsTest extends SnapshotsContract {
    private final Snapshots snapshots = Snapshots.inMemory();

    @Override
    protected Snapshots snapshots() {
        return snapshots;
    }
}
