package dev.escqrs.core.projection;

import dev.escqrs.core.internal.runtime.LeaseHold;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.port.Snapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProjectionRunner} is made of, built and checked once from its builder's settings: the projector, where
 * the checkpoint lives, the backfill, the snapshots and the lease, and how its loop waits. Each start of the runner
 * runs on the same parts.
 *
 * @param snapshots where its read model in memory keeps snapshots; empty: none, it rebuilds from the store at each start
 * @param lease     the lease it runs under; empty: it runs wherever it is started
 * @param catchUpFromFeed a runner without a checkpoint reads the feed from its start instead of the store
 */
record RunnerParts(
        ProjectionSpec spec,
        ChangeFeed feed,
        Checkpoints checkpoints,
        Projector projector,
        StoreBackfill backfill,
        Optional<RunnerSnapshots> snapshots,
        Optional<LeaseHold> lease,
        Duration pollInterval,
        Duration backoffCap,
        Clock clock,
        boolean catchUpFromFeed) {

    /** The parts of a runner with a builder's settings; {@code leases} and {@code snapshots} may be null: none. */
    static RunnerParts of(
            ProjectionSpec spec,
            ChangeFeed feed,
            int segments,
            Duration pollInterval,
            Duration backoffCap,
            Clock clock,
            Leases leases,
            String leaseHolder,
            Duration leaseDuration,
            boolean catchUpFromFeed,
            Snapshots snapshots,
            Duration snapshotEvery) {
        String name = spec.name();
        Projection projection = spec.projection();
        Objects.requireNonNull(feed, "feed: call feed(changeFeed) on the builder");
        Checkpoints checkpoints = projection instanceof DurableProjection durable
                ? Objects.requireNonNull(durable.checkpoints(), "checkpoints() of durable projection " + name)
                : new HeldCheckpoint(name);
        Projector projector = new Projector(spec, spec.store(), clock);
        StoreBackfill backfill = new StoreBackfill(name, spec.store(), projector, spec.codec(), segments);
        if (catchUpFromFeed && !feed.keepsEveryEvent()) {
            throw new IllegalArgumentException(("projection %s: catchUpFromFeed() needs a feed that keeps every event "
                            + "(the change-feed index, the in-memory store); %s does not, so the runner backfills from the store")
                    .formatted(name, feed.getClass().getSimpleName()));
        }
        Optional<LeaseHold> lease = leases == null
                ? Optional.empty()
                : Optional.of(new LeaseHold(leases, name, leaseHolder, leaseDuration, clock));
        if (snapshots != null
                && (!(projection instanceof SnapshottingProjection snapshotting)
                        || projection instanceof DurableProjection)) {
            throw new IllegalArgumentException(("projection %s takes no snapshots: snapshots are for a read model in "
                            + "memory that implements SnapshottingProjection (a DurableProjection resumes at its checkpoint "
                            + "anyway)")
                    .formatted(name));
        }
        Optional<RunnerSnapshots> kept = snapshots == null
                ? Optional.empty()
                : Optional.of(new RunnerSnapshots(
                        snapshots, name, (SnapshottingProjection) projection, snapshotEvery, clock));
        if (lease.isPresent() && !(projection instanceof DurableProjection)) {
            throw new IllegalArgumentException(
                    ("projection %s lives in memory: each replica holds its own copy and must "
                                    + "run it, so it takes no lease; a lease is for a DurableProjection or a Reactor, whose one state all "
                                    + "replicas share")
                            .formatted(name));
        }
        return new RunnerParts(
                spec,
                feed,
                checkpoints,
                projector,
                backfill,
                kept,
                lease,
                pollInterval,
                backoffCap,
                clock,
                catchUpFromFeed);
    }

    String name() {
        return spec.name();
    }

    /** Forgets the projection's state, its checkpoint and its snapshot, so that the next start rebuilds it. */
    void reset() {
        checkpoints.delete(name());
        snapshots.ifPresent(RunnerSnapshots::delete);
        projector.reset();
    }
}
