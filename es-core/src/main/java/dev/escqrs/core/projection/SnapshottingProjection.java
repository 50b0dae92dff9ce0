package dev.escqrs.core.projection;

/**
 * A read model in memory that can save its state and start from it, so that a restart costs the events since the
 * snapshot, not the whole history ({@link ProjectionRunner.Builder#snapshots}). Best on the change-feed index, whose
 * positions never expire; on a feed that lost the snapshot's position the runner catches up from the store as it
 * heals, the snapshot's events coming as repeats.
 *
 * <p>The runner calls both methods between batches, never while {@link #apply} runs.
 */
public interface SnapshottingProjection extends Projection {
    /** The whole state, the versions {@link #appliedVersion} answers included, as bytes. */
    byte[] snapshot();

    /**
     * Replaces the state with a snapshot's, taken by this class (perhaps by an older release of it). Throw when it
     * cannot be read: the runner logs why and rebuilds from the store.
     */
    void restore(byte[] snapshot);
}
