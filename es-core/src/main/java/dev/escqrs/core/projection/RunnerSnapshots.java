package dev.escqrs.core.projection;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.port.Snapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A runner's snapshots: restored at a start without a checkpoint, saved every {@code every} at a batch's end. */
final class RunnerSnapshots {
    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class.getName());

    private final Snapshots snapshots;
    private final String name;
    private final SnapshottingProjection projection;
    private final Duration every;
    private final Clock clock;
    private Instant lastSaved = Instant.MIN;
    private Checkpoint lastPosition;

    RunnerSnapshots(Snapshots snapshots, String name, SnapshottingProjection projection, Duration every, Clock clock) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.name = name;
        this.projection = projection;
        this.every = every;
        this.clock = clock;
    }

    /** Restores the last snapshot and returns its position; empty when there is none or it cannot be read. */
    Optional<Checkpoint> restore() {
        Optional<Snapshot> last = snapshots.load(name);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        try {
            projection.restore(last.get().state());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "projection %s: its snapshot of %s cannot be restored (%s); rebuilding from the store"
                            .formatted(name, last.get().takenAt(), e.getMessage()),
                    e);
            projection.reset();
            return Optional.empty();
        }
        LOG.info("projection %s: restored its snapshot of %s at %s"
                .formatted(name, last.get().takenAt(), last.get().position().value()));
        lastSaved = clock.instant();
        lastPosition = last.get().position();
        return Optional.of(last.get().position());
    }

    /**
     * Keeps a snapshot at the position reached: {@code now} (after a backfill: the next start need not read the store
     * again) or when it is due; one that cannot be saved is logged, and the runner goes on.
     */
    void keep(Checkpoint position, boolean now) {
        try {
            if (now) {
                save(position, clock.instant());
            } else {
                maybeSave(position);
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "projection %s: a snapshot could not be saved (%s); the read model goes on, and "
                                    .formatted(name, e.getMessage())
                            + "the next start reads more of the feed or the store",
                    e);
        }
    }

    /** Saves a snapshot at {@code position} when {@code every} has passed since the last and the position moved. */
    private void maybeSave(Checkpoint position) {
        Instant now = clock.instant();
        if (position.equals(lastPosition) || now.isBefore(lastSaved.plus(every))) {
            return;
        }
        save(position, now);
    }

    private void save(Checkpoint position, Instant now) {
        snapshots.save(name, new Snapshot(position, projection.snapshot(), now));
        lastSaved = now;
        lastPosition = position;
    }

    void delete() {
        snapshots.delete(name);
        lastPosition = null;
    }
}
