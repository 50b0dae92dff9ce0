package dev.escqrs.core.projection;

import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.OutageLog;
import dev.escqrs.core.internal.runtime.LeaseHold;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.port.UnreadableEvent;
import dev.escqrs.core.projection.ProjectionRunner.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop of a started {@link ProjectionRunner}, on a virtual thread of its own: it finds where to start (the saved
 * checkpoint, a snapshot, the feed's start or a backfill), then polls the feed and applies each batch; it heals a lost
 * feed position, waits after a failure, holds the lease, and does the operator's requests between polls.
 */
final class RunLoop {
    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class.getName());
    private static final int BATCH = 500;

    private final RunnerParts parts;
    private final String name;
    private final RunnerStatus status;
    private final RunnerLease lease;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> operatorRequests = new ConcurrentLinkedQueue<>();
    // failures in a row wait longer and longer, and print a line when down, one a minute, one when back
    private final Backoff backoff;
    private final OutageLog outage;
    private volatile Checkpoint position;
    /** Reading the feed from its start in place of a backfill, not yet to its end. */
    private volatile boolean catchingUp;

    private volatile boolean running = true;

    RunLoop(RunnerParts parts) {
        this.parts = parts;
        this.name = parts.name();
        this.status = new RunnerStatus(name, parts.projector(), parts.clock());
        this.lease = new RunnerLease(parts, status);
        this.thread = Thread.ofVirtual().name("escqrs-projection-" + name).unstarted(this::run);
        this.backoff = new Backoff(parts.pollInterval(), parts.backoffCap());
        this.outage = new OutageLog(
                "projection " + name, OutageLog.julOf(ProjectionRunner.class), parts.clock(), OutageLog.DEFAULT_EVERY);
    }

    void start() {
        thread.start();
    }

    RunnerStatus status() {
        return status;
    }

    /** The position of the last batch applied from the feed, once tailing. */
    Optional<Checkpoint> position() {
        return Optional.ofNullable(position);
    }

    private void run() {
        boolean healing = false; // the saved position is lost: catch up instead of loading it
        while (running) {
            try {
                LeaseHold.Hold hold = lease.hold();
                if (hold != LeaseHold.Hold.HELD) {
                    position = null; // newly taken: resume at the saved checkpoint; not held: stand by
                }
                if (hold == LeaseHold.Hold.NOT_HELD) {
                    LockSupport.parkNanos(this, lease.retryEvery().toNanos());
                    continue;
                }
                if (position == null) {
                    if (!findStart(healing)) {
                        break; // closed half way
                    }
                    healing = false;
                }
                runOperatorRequests();
                boolean gotEvents = pollOnce();
                parts.snapshots().ifPresent(s -> s.keep(position, false));
                backoff.reset();
                outage.succeeded();
                parts.projector().retryParked(parts.clock().instant());
                if (!gotEvents && operatorRequests.isEmpty()) {
                    LockSupport.parkNanos(this, parts.pollInterval().toNanos());
                }
            } catch (FeedPositionLostException e) {
                status.healing();
                healing = true;
                position = null;
                LOG.log(
                        Level.WARNING,
                        ("projection %s: the change feed lost its position (%s): %s; catching up from "
                                        + "the event store (repeats are skipped)")
                                .formatted(name, e.reason(), e.getMessage()));
                parts.spec().observer().healing(name, e.reason());
            } catch (RuntimeException e) {
                status.failed(e);
                parts.spec().observer().failed(name, e);
                Duration wait = backoff.next();
                outage.failed(e, wait);
                LockSupport.parkNanos(this, wait.toNanos());
            }
        }
        lease.release();
        status.enter(Phase.STOPPED);
    }

    /**
     * Sets the position to start from: the saved checkpoint, else a snapshot's, else the feed's start, else the head
     * after a backfill of the store (healing: always the backfill). False when closed during the backfill.
     */
    private boolean findStart(boolean healing) {
        Optional<Checkpoint> saved =
                healing ? Optional.empty() : parts.checkpoints().load(name);
        Optional<Checkpoint> restored =
                saved.isPresent() || healing || parts.snapshots().isEmpty()
                        ? Optional.empty()
                        : parts.snapshots().get().restore();
        if (saved.isPresent()) {
            position = saved.get();
        } else if (restored.isPresent()) {
            parts.projector().forgetCachedVersions();
            parts.checkpoints().save(name, restored.get());
            position = restored.get();
        } else if (parts.catchUpFromFeed() && !healing) {
            position = Checkpoint.START;
            parts.checkpoints().save(name, position);
            catchingUp = true; // backfilling from the feed until a batch short of full
        } else {
            status.enter(healing ? Phase.HEALING : Phase.BACKFILLING);
            Optional<Checkpoint> head = backfill();
            if (head.isEmpty()) {
                return false;
            }
            position = head.get();
            parts.snapshots().ifPresent(s -> s.keep(position, true));
        }
        if (!catchingUp) {
            status.enter(Phase.TAILING);
            status.reachedTail();
        }
        return true;
    }

    /** Reads the feed once and applies what it gave; returns true when it gave events. */
    private boolean pollOnce() {
        Instant readAt = parts.clock().instant();
        FeedBatch batch = parts.feed().read(position, BATCH);
        if (!batch.isEmpty()) {
            apply(batch.events(), batch.unreadable());
        }
        if (!batch.checkpoint().equals(position)) {
            parts.checkpoints().save(name, batch.checkpoint());
            position = batch.checkpoint();
        }
        if (batch.size() < BATCH) {
            status.caughtUp(readAt);
            if (catchingUp) {
                catchingUp = false;
                status.reachedTail();
            }
        }
        status.succeeded();
        status.enter(catchingUp ? Phase.BACKFILLING : Phase.TAILING);
        return !batch.isEmpty();
    }

    private void apply(List<? extends AggregateEvent<?>> events, List<UnreadableEvent> unreadable) {
        // counted by the projector in one step: the backfill's segments apply in parallel
        long applied = parts.projector().apply(events, unreadable);
        if (applied > 0) {
            status.applied(parts.clock().instant());
            parts.spec().observer().applied(name, applied);
        }
    }

    /** Reads the whole store; returns the captured head, saved, or empty when closed half way. */
    private Optional<Checkpoint> backfill() {
        Checkpoint head = parts.feed().head();
        if (!parts.backfill().run(() -> running, this::apply)) {
            return Optional.empty();
        }
        parts.checkpoints().save(name, head);
        return Optional.of(head);
    }

    /** Rebuilds from the start, on the loop's thread: as {@link ProjectionRunner#reset()} and a start. */
    void replay() {
        submit(() -> {
            LOG.info("projection " + name + ": replaying from the start, as an operator asked");
            parts.reset();
            position = null;
        });
    }

    /** Moves the checkpoint to {@code checkpoint}, on the loop's thread: it tails from there. */
    void moveCheckpoint(Checkpoint checkpoint) {
        submit(() -> {
            LOG.info("projection %s: checkpoint moved from %s to %s, as an operator asked"
                    .formatted(name, position, checkpoint));
            parts.checkpoints().save(name, checkpoint);
            position = checkpoint;
        });
    }

    private void submit(Runnable request) {
        operatorRequests.add(request);
        wake();
    }

    private void runOperatorRequests() {
        for (Runnable request; (request = operatorRequests.poll()) != null; ) {
            request.run();
        }
    }

    /** Ends a wait between polls: there is something to do. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Stops the loop (a backfill at its next event, the tail after its batch) and waits up to 30 s for it. */
    void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        status.enter(Phase.STOPPED);
    }
}
