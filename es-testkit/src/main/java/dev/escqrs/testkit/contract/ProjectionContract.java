package dev.escqrs.testkit.contract;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.Snapshots;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The contract of read models on a store: the checkpoint port, and the {@link ProjectionRunner} catching up from the
 * store and then following the feed (nothing missed, nothing applied twice, each aggregate in version order, restart
 * at the checkpoint of a durable read model, rebuild of one in memory, healing of a lost feed position, status, lag
 * and read-your-writes), and the {@link Projector} filling gaps from the store. Subclass it with a fresh store
 * and fresh checkpoints, as for {@link StoreContract}; stores with a table per aggregate type need tables for
 * {@link Account#AGGREGATE_NAMES}.
 */
public abstract class ProjectionContract {
    protected ProjectionContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** Checkpoints beside {@code stores}, that no other test sees. */
    protected abstract Checkpoints checkpoints(Stores stores);

    protected Stores stores;
    Checkpoints checkpoints;

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.create(Account.TYPES));
        checkpoints = checkpoints(stores);
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    /** Where the store keeps snapshots of read models in memory (in memory unless the adapter has its own). */
    protected Snapshots snapshots(Stores stores) {
        return Snapshots.inMemory();
    }

    @Nested
    class Snapshotting extends ProjectionSnapshotting {
        Snapshotting() {
            super(ProjectionContract.this);
        }
    }

    @Nested
    class Replacing extends ProjectionReplacing {
        Replacing() {
            super(ProjectionContract.this);
        }
    }

    @Nested
    class CheckpointPort extends ProjectionCheckpointPort {
        CheckpointPort() {
            super(ProjectionContract.this);
        }
    }

    @Nested
    class CatchUpThenFollow extends ProjectionCatchUpThenFollow {
        CatchUpThenFollow() {
            super(ProjectionContract.this);
        }
    }

    @Nested
    class WhereCheckpointsLive extends ProjectionWhereCheckpointsLive {
        WhereCheckpointsLive() {
            super(ProjectionContract.this);
        }
    }

    @Nested
    class Healing extends ProjectionHealing {
        Healing() {
            super(ProjectionContract.this);
        }
    }

    @Nested
    class Status extends ProjectionRunnerStatus {
        Status() {
            super(ProjectionContract.this);
        }
    }

    @Nested
    class GapFilling extends ProjectionGapFilling {
        GapFilling() {
            super(ProjectionContract.this);
        }
    }
}
