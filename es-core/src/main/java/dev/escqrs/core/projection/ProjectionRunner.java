package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.OutageLog;
import dev.escqrs.core.internal.runtime.LeaseHold;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.port.Snapshots;
import dev.escqrs.core.port.UnreadableEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a {@link Projection} up to date: it catches up from the event store itself, then follows the change feed.
 *
 * <p><b>Where the checkpoint lives.</b> A {@link DurableProjection} keeps the runner's checkpoint beside its state
 * ({@link DurableProjection#checkpoints()}), so a restart resumes there and a restored or emptied read model never
 * resumes a checkpoint it does not match. Any other projection is taken to live in memory: its checkpoint is held by
 * the runner, and each new runner (each process) rebuilds it from the store. There is no way to pair an in-memory
 * read model with a durable checkpoint, which would lose every event before the restart without an error.
 *
 * <p><b>Starting.</b> With no checkpoint it (1) captures the feed's {@linkplain ChangeFeed#head() head}, (2) backfills
 * from the event store ({@link dev.escqrs.core.port.EventStore#allEvents}: on DynamoDB a parallel {@code Scan} of the events
 * table in {@code segments}, paged; in memory the log), (3) saves the captured position and tails the feed from it.
 * Events appended during the backfill lie after the captured head, so the tail delivers them; events seen by both are
 * repeats, which the {@link Projector} skips. With a checkpoint it tails from there. The checkpoint moves only after
 * a batch was applied. A gap in what the feed delivers is filled from the store. So nothing is missed, nothing is
 * applied twice, and each aggregate's events are applied in version order; order across aggregates is not promised.
 *
 * <p><b>Healing.</b> When the feed says the position is lost ({@link FeedPositionLostException}: a checkpoint for a
 * stream the table no longer has, records trimmed after 24 hours, an expired iterator), the runner logs it once with
 * the reason, tells its {@link ProjectionObserver}, and catches up exactly as at a first start: it captures the head,
 * backfills from the store (what the projection holds comes as repeats and is skipped by version) and tails from the
 * head. Nothing is skipped and nothing is applied twice; the cost is one read of the store.
 *
 * <p><b>Telling.</b> {@link Running#status()} gives the phase, the last event applied, when the runner last caught up
 * and the lag; a failed attempt is kept until one succeeds. Failed attempts are tried again after a growing wait
 * (from the poll interval, doubled after each failure in a row, with jitter, up to {@link Builder#backoffCap}), and
 * logged as an outage: one line when the attempts start failing (with the cause), one a minute while they fail, one
 * when one succeeds again (after how long); a stack trace at most once, with the first line.
 * {@link Running#awaitApplied} waits for a given version of an aggregate (read-your-writes).
 *
 * <p>The feed decodes its records itself, with the bad-record policy it was built with (a DynamoDB change feed:
 * {@link BadRecords#STOP} unless told otherwise); a record that stops the feed is a failed attempt, kept in the status
 * and tried again.
 *
 * <p>A rebuild is {@link #reset()} (the projection's {@link Projection#reset()} and the checkpoint deleted) and a
 * start. One runner per projection at a time.
 *
 * <pre>{@code
 * ProjectionSpec spec = ProjectionSpec.builder("published-posts", publishedPosts)
 *         .aggregates(BlogPosts.BLOG_POST).store(eventStore).build();
 * ProjectionRunner runner = ProjectionRunner.builder(spec).feed(changeFeed).build();
 * try (ProjectionRunner.Running running = runner.start()) { ... }
 * }</pre>
 */
public final class ProjectionRunner {
    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class.getName());
    private static final int BATCH = 500;

    private final String name;
    private final Projection projection;
    private final Projector projector;
    private final EventStore store;
    private final ChangeFeed feed;
    private final Checkpoints checkpoints;
    private final Duration pollInterval;
    private final Duration backoffCap;
    private final ProjectionObserver observer;
    private final Clock clock;
    private final Optional<Parking> parking;
    private final BadRecords badRecords;
    /** The lease this runner runs under; null: it runs wherever it is started. */
    private final LeaseHold lease;
    /** A runner without a checkpoint reads the feed from its start instead of the store. */
    private final boolean catchUpFromFeed;
    /** Where its read model in memory keeps snapshots; null: none, it rebuilds from the store at each start. */
    private final RunnerSnapshots snapshots;

    private final StoreBackfill backfill;

    private ProjectionRunner(Builder b) {
        this.name = b.spec.name();
        this.projection = b.spec.projection();
        this.store = b.spec.store();
        this.feed = Objects.requireNonNull(b.feed, "feed: call feed(changeFeed) on the builder");
        this.checkpoints = projection instanceof DurableProjection durable
                ? Objects.requireNonNull(durable.checkpoints(), "checkpoints() of durable projection " + name)
                : new HeldCheckpoint(name);
        this.projector = new Projector(b.spec, store, b.clock);
        this.parking = b.spec.parking();
        this.pollInterval = b.pollInterval;
        this.backoffCap = b.backoffCap;
        this.observer = b.spec.observer();
        this.clock = b.clock;
        this.badRecords = b.spec.badRecords();
        this.backfill = new StoreBackfill(name, store, projector, b.spec.codec(), b.segments);
        this.catchUpFromFeed = b.catchUpFromFeed;
        if (catchUpFromFeed && !feed.keepsEveryEvent()) {
            throw new IllegalArgumentException(("projection %s: catchUpFromFeed() needs a feed that keeps every event "
                            + "(the change-feed index, the in-memory store); %s does not, so the runner backfills from the store")
                    .formatted(name, feed.getClass().getSimpleName()));
        }
        this.lease = b.leases == null ? null : new LeaseHold(b.leases, name, b.leaseHolder, b.leaseDuration, b.clock);
        if (b.snapshots != null
                && (!(projection instanceof SnapshottingProjection snapshotting)
                        || projection instanceof DurableProjection)) {
            throw new IllegalArgumentException(("projection %s takes no snapshots: snapshots are for a read model in "
                            + "memory that implements SnapshottingProjection (a DurableProjection resumes at its checkpoint "
                            + "anyway)")
                    .formatted(name));
        }
        this.snapshots = b.snapshots == null
                ? null
                : new RunnerSnapshots(b.snapshots, name, (SnapshottingProjection) projection, b.snapshotEvery, b.clock);
        if (lease != null && !(projection instanceof DurableProjection)) {
            throw new IllegalArgumentException(
                    ("projection %s lives in memory: each replica holds its own copy and must "
                                    + "run it, so it takes no lease; a lease is for a DurableProjection or a Reactor, whose one state all "
                                    + "replicas share")
                            .formatted(name));
        }
    }

    /** A runner for the projection of {@code spec}, whose checkpoint is saved under the spec's name. */
    public static Builder builder(ProjectionSpec spec) {
        return new Builder(spec);
    }

    public String name() {
        return name;
    }

    /** Whether a restart resumes at a saved checkpoint ({@link DurableProjection}) or rebuilds from the store. */
    public boolean isDurable() {
        return projection instanceof DurableProjection;
    }

    /** What the runner's projector did: events applied, repeats skipped, gap events read from the store, ignored. */
    public Projector.Counts counts() {
        return projector.counts();
    }

    /** The checkpoint saved last, where the projection keeps it. */
    public Optional<Checkpoint> savedCheckpoint() {
        return checkpoints.load(name);
    }

    /** Forgets the projection's state, its checkpoint and its snapshot, so that the next {@link #start()} rebuilds it. */
    public void reset() {
        checkpoints.delete(name);
        if (snapshots != null) {
            snapshots.delete();
        }
        projector.reset();
    }

    /** Starts catching up and following on a background (virtual) thread. */
    public Running start() {
        Running running = new Running();
        running.thread.start();
        return running;
    }

    /** Where a running projection is. */
    public enum Phase {
        /** Reading the whole store (a first start, or a rebuild). */
        BACKFILLING,
        /** Following the change feed. */
        TAILING,
        /** Catching up from the store again because the feed position was lost. */
        HEALING,
        /** The last attempt failed; the runner tries again after a backoff (see {@link Builder#backoffCap}). */
        FAILED,
        /**
         * Another runner holds the projection's lease ({@link Builder#lease}): this one waits, ready to take over when
         * that lease expires. Not a failure: of N replicas, N - 1 stand by.
         */
        STANDBY,
        /** Closed. */
        STOPPED
    }

    /** A started runner; close it to stop (a backfill stops at its next event, the tail after its batch). */
    public final class Running implements AutoCloseable {
        private final Thread thread =
                Thread.ofVirtual().name("escqrs-projection-" + name).unstarted(this::run);
        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BACKFILLING);
        private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        private final CountDownLatch tailing = new CountDownLatch(1);
        private final Instant startedAt = clock.instant();
        private volatile Instant caughtUpAt;
        private volatile Instant lastAppliedAt;
        private volatile Checkpoint position;
        /** Reading the feed from its start in place of a backfill, not yet to its end. */
        private volatile boolean catchingUp;

        private volatile long heals;
        private volatile long failures;
        private volatile boolean running = true;
        private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> operatorRequests =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        // failures in a row wait longer and longer, and print a line when down, one a minute, one when back
        private final Backoff backoff = new Backoff(pollInterval, backoffCap);
        private final OutageLog outage = new OutageLog(
                "projection " + name, OutageLog.julOf(ProjectionRunner.class), clock, OutageLog.DEFAULT_EVERY);

        private Running() {}

        private void run() {
            boolean healing = false; // the saved position is lost: catch up instead of loading it
            while (running) {
                try {
                    if (lease != null && !holdLease()) {
                        LockSupport.parkNanos(this, lease.retryEvery().toNanos());
                        continue;
                    }
                    if (position == null) {
                        Optional<Checkpoint> saved = healing ? Optional.empty() : checkpoints.load(name);
                        Optional<Checkpoint> restored = saved.isPresent() || healing || snapshots == null
                                ? Optional.empty()
                                : snapshots.restore();
                        if (saved.isPresent()) {
                            position = saved.get();
                        } else if (restored.isPresent()) {
                            projector.forgetCachedVersions();
                            checkpoints.save(name, restored.get());
                            position = restored.get();
                        } else if (catchUpFromFeed && !healing) {
                            position = Checkpoint.START;
                            checkpoints.save(name, position);
                            catchingUp = true; // backfilling from the feed until a batch short of full
                        } else {
                            phase.set(healing ? Phase.HEALING : Phase.BACKFILLING);
                            Optional<Checkpoint> head = backfill();
                            if (head.isEmpty()) {
                                break; // closed half way
                            }
                            position = head.get();
                            healing = false;
                            saveSnapshot(true);
                        }
                        if (!catchingUp) {
                            phase.set(Phase.TAILING);
                            tailing.countDown();
                        }
                    }
                    runOperatorRequests();
                    boolean gotEvents = pollOnce();
                    saveSnapshot(false);
                    backoff.reset();
                    outage.succeeded();
                    projector.retryParked(clock.instant());
                    if (!gotEvents && operatorRequests.isEmpty()) {
                        LockSupport.parkNanos(this, pollInterval.toNanos());
                    }
                } catch (FeedPositionLostException e) {
                    heals++;
                    healing = true;
                    position = null;
                    phase.set(Phase.HEALING);
                    LOG.log(
                            Level.WARNING,
                            ("projection %s: the change feed lost its position (%s): %s; catching up from "
                                            + "the event store (repeats are skipped)")
                                    .formatted(name, e.reason(), e.getMessage()));
                    observer.healing(name, e.reason());
                } catch (RuntimeException e) {
                    failures++;
                    lastFailure.set(e);
                    phase.set(Phase.FAILED);
                    observer.failed(name, e);
                    Duration wait = backoff.next();
                    outage.failed(e, wait);
                    LockSupport.parkNanos(this, wait.toNanos());
                }
            }
            if (lease != null) {
                lease.release(); // the next replica takes over at once, not at expiry
            }
            phase.set(Phase.STOPPED);
        }

        /** A snapshot at the position reached, now or when it is due; one that fails is logged, the runner goes on. */
        private void saveSnapshot(boolean now) {
            if (snapshots == null) {
                return;
            }
            try {
                if (now) {
                    snapshots.save(position);
                } else {
                    snapshots.maybeSave(position);
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

        /**
         * Whether this runner holds its lease now. Newly taken, it starts over from the saved checkpoint with no
         * cached version, since the holder before it moved both on; not held, it stands by.
         */
        private boolean holdLease() {
            switch (lease.hold()) {
                case HELD -> {
                    return true;
                }
                case TAKEN -> {
                    LOG.info("projection %s: %s took the lease; resuming at the saved checkpoint"
                            .formatted(name, lease.holder()));
                    position = null;
                    projector.forgetCachedVersions();
                    return true;
                }
                default -> {
                    position = null;
                    phase.set(Phase.STANDBY);
                    return false;
                }
            }
        }

        /** Reads the feed once and applies what it gave; returns true when it gave events. */
        private boolean pollOnce() {
            Instant readAt = clock.instant();
            FeedBatch batch = feed.read(position, BATCH);
            if (!batch.isEmpty()) {
                apply(batch.events(), batch.unreadable());
            }
            if (!batch.checkpoint().equals(position)) {
                checkpoints.save(name, batch.checkpoint());
                position = batch.checkpoint();
            }
            if (batch.size() < BATCH) {
                caughtUpAt = readAt;
                if (catchingUp) {
                    catchingUp = false;
                    tailing.countDown();
                }
            }
            lastFailure.set(null);
            phase.set(catchingUp ? Phase.BACKFILLING : Phase.TAILING);
            return !batch.isEmpty();
        }

        private void apply(List<? extends AggregateEvent<?>> events, List<UnreadableEvent> unreadable) {
            // counted by the projector in one step: the backfill's segments apply in parallel
            long applied = projector.apply(events, unreadable);
            if (applied > 0) {
                lastAppliedAt = clock.instant();
                observer.applied(name, applied);
            }
        }

        /** Reads the whole store; returns the captured head, saved, or empty when closed half way. */
        private Optional<Checkpoint> backfill() {
            Checkpoint head = feed.head();
            if (!backfill.run(() -> running, this::apply)) {
                return Optional.empty();
            }
            checkpoints.save(name, head);
            return Optional.of(head);
        }

        public Phase phase() {
            return phase.get();
        }

        /** The failure of the last attempt (backfill, feed read, apply, checkpoint); empty once one succeeds again. */
        public Optional<Throwable> lastFailure() {
            return Optional.ofNullable(lastFailure.get());
        }

        /** Where the projection stands (see {@link ProjectionStatus}). */
        public ProjectionStatus status() {
            Instant now = clock.instant();
            Instant fresh = caughtUpAt != null ? caughtUpAt : startedAt;
            Duration lag = Duration.between(fresh, now);
            return new ProjectionStatus(
                    name,
                    phase.get(),
                    projector.lastApplied(),
                    Optional.ofNullable(lastAppliedAt),
                    Optional.ofNullable(caughtUpAt),
                    lag.isNegative() ? Duration.ZERO : lag,
                    heals,
                    failures,
                    lastFailure(),
                    projector.counts(),
                    projector.parked().size());
        }

        /** The aggregates this runner has parked ({@link BadRecords#PARK}), oldest failure first; empty otherwise. */
        public List<ParkedAggregate> parked() {
            return parking.map(p -> p.parked(name)).orElse(List.of());
        }

        /**
         * Asks the runner to retry a parked aggregate now (its head and every event behind it); false when it is not
         * parked. Done on the runner's thread, at once.
         *
         * @param by who asks (an operator's name, for the log)
         */
        public boolean retry(String aggregateName, String aggregateId, String by) {
            return request(aggregateName, aggregateId, ParkedAggregate.Action.RETRY, by, "retry");
        }

        /**
         * Asks the runner to skip a parked aggregate's head event for good (recorded with who, when and why) and apply
         * the events behind it; false when it is not parked.
         */
        public boolean skip(String aggregateName, String aggregateId, String by, String reason) {
            return request(aggregateName, aggregateId, ParkedAggregate.Action.SKIP, by, reason);
        }

        /**
         * Asks the runner to retry every parked aggregate; it works through them {@link ParkingRetries#batch()} at a
         * time per poll, never all at once. Returns how many were asked.
         */
        public int retryAll(String by) {
            return retry(entry -> true, by);
        }

        /**
         * Asks the runner to retry the parked aggregates {@code which} selects (some of them: one type, one error, the
         * oldest ten); worked through a batch at a time, as {@link #retryAll}. Returns how many were asked.
         */
        public int retry(java.util.function.Predicate<ParkedAggregate> which, String by) {
            int asked = 0;
            for (ParkedAggregate entry : parked()) {
                if (which.test(entry)
                        && request(
                                entry.aggregateName(),
                                entry.aggregateId(),
                                ParkedAggregate.Action.RETRY,
                                by,
                                "retry")) {
                    asked++;
                }
            }
            return asked;
        }

        private boolean request(
                String aggregateName, String aggregateId, ParkedAggregate.Action action, String by, String reason) {
            Parking lot = parking.orElseThrow(() -> new IllegalStateException(
                    ("projection %s does not park " + "(its bad-record policy is %s): nothing to retry or skip")
                            .formatted(name, badRecords)));
            boolean asked = lot.request(
                    name,
                    aggregateName,
                    aggregateId,
                    new ParkedAggregate.OperatorRequest(action, by, reason, clock.instant()));
            if (asked) {
                projector.reloadParked();
                LockSupport.unpark(thread);
            }
            return asked;
        }

        /**
         * Rebuilds the read model from the start, on the runner's thread: the projection is reset, its checkpoint
         * deleted, and the runner backfills from the store and tails on (as {@link ProjectionRunner#reset()} and a
         * start). A reactor refuses: its commands cannot be sent again.
         */
        public void replay() {
            if (projection instanceof DurableProjection durable && !durable.replayable()) {
                throw new UnsupportedOperationException(
                        ("%s is a reaction: a replay would send its commands again; give "
                                        + "a changed reaction a new name and ledger instead")
                                .formatted(name));
            }
            submit(() -> {
                LOG.info("projection " + name + ": replaying from the start, as an operator asked");
                reset();
                position = null;
            });
        }

        /**
         * Moves the runner's checkpoint to {@code checkpoint}, on the runner's thread: it tails from there (events it
         * passes over are not applied; events it reads again are repeats and skipped by version).
         */
        public void moveCheckpoint(Checkpoint checkpoint) {
            Objects.requireNonNull(checkpoint, "checkpoint");
            submit(() -> {
                LOG.info("projection %s: checkpoint moved from %s to %s, as an operator asked"
                        .formatted(name, position, checkpoint));
                checkpoints.save(name, checkpoint);
                position = checkpoint;
            });
        }

        private void submit(Runnable request) {
            operatorRequests.add(request);
            LockSupport.unpark(thread);
        }

        private void runOperatorRequests() {
            for (Runnable request; (request = operatorRequests.poll()) != null; ) {
                request.run();
            }
        }

        /** Waits until the backfill is done and the runner follows the feed; false when {@code timeout} passed first. */
        public boolean awaitTailing(Duration timeout) throws InterruptedException {
            return tailing.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /**
         * Waits until the projection holds version {@code version} of aggregate {@code aggregateId} (or later), for a
         * caller that wants to read its own write; false when {@code timeout} passed first.
         */
        public boolean awaitApplied(AggregateType<?, ?> type, String aggregateId, long version, Duration timeout)
                throws InterruptedException {
            return projector.awaitApplied(type.name(), aggregateId, version, timeout);
        }

        /** The position of the last batch applied from the feed, once tailing. */
        public Optional<Checkpoint> checkpoint() {
            return Optional.ofNullable(position);
        }

        @Override
        public void close() {
            running = false;
            LockSupport.unpark(thread);
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            phase.set(Phase.STOPPED);
        }
    }

    /** Configures a {@link ProjectionRunner}: a spec and a feed are required. */
    public static final class Builder {
        private final ProjectionSpec spec;
        private ChangeFeed feed;
        private int segments = 4;
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration backoffCap = Backoff.DEFAULT_CAP;
        private Clock clock = Clock.systemUTC();
        private Leases leases;
        private boolean catchUpFromFeed;
        private Snapshots snapshots;
        private Duration snapshotEvery;
        private String leaseHolder;
        private Duration leaseDuration;

        private Builder(ProjectionSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** Where the tail reads new events. */
        public Builder feed(ChangeFeed feed) {
            this.feed = Objects.requireNonNull(feed, "feed");
            return this;
        }

        /** How many parts of the store the backfill reads in parallel (default 4). */
        public Builder segments(int segments) {
            if (segments < 1 || segments > 1_000_000) {
                throw new IllegalArgumentException("segments must be from 1 to 1,000,000, got " + segments);
            }
            this.segments = segments;
            return this;
        }

        /**
         * How long the tail waits between polls while the feed is idle (default 500 ms); also the wait after a first
         * failure.
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        /**
         * The longest wait between failed attempts (default 30 s). After a failure (the store unreachable, throttling,
         * a missing table, a handler that throws) the runner waits the poll interval, then twice as long after each
         * further failure, with jitter, up to this cap; one success brings it back to the poll interval. A cap below
         * the poll interval is taken as the poll interval. While failing, the runner logs one line when it starts
         * failing, one a minute (by the {@linkplain #clock clock}) and one when it is back.
         */
        public Builder backoffCap(Duration backoffCap) {
            this.backoffCap = Backoff.requireValidCap(backoffCap);
            return this;
        }

        /** The clock of the status's times and lag, and of the outage log's minute (default: the system's, in UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A runner without a checkpoint reads the feed from its start instead of backfilling from the store (a
         * parallel {@code Scan} on DynamoDB): for a feed that keeps every event ({@link ChangeFeed#keepsEveryEvent()},
         * the change-feed index), refused for others. The feed is read in one sequence, each aggregate's events in
         * order; the store's backfill reads segments in parallel, which is faster for a whole table on DynamoDB, while
         * this one reads only the aggregate types the feed is asked for and bodies only of those.
         */
        public Builder catchUpFromFeed() {
            this.catchUpFromFeed = true;
            return this;
        }

        /**
         * Keeps snapshots of the read model (a {@link SnapshottingProjection} in memory) in {@code snapshots}: one
         * after the backfill and then one every {@code every} while events come, each with the feed position it holds
         * everything up to. A runner that starts without a checkpoint (a new process) restores the last one and reads
         * the feed from its position, instead of reading the whole store: its start no longer grows with the history.
         * A snapshot that cannot be restored is logged and the read model rebuilt; one that cannot be saved is logged.
         */
        public Builder snapshots(Snapshots snapshots, Duration every) {
            this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
            if (every.isNegative()) {
                throw new IllegalArgumentException("snapshots are taken every zero or more, got " + every);
            }
            this.snapshotEvery = every;
            return this;
        }

        /**
         * Runs the projection only while {@code holder} holds the lease named after it in {@code leases}, so that of
         * several replicas that start it one runs it and the others stand by ({@link Phase#STANDBY}), taking over
         * within about {@code duration} when the holder dies; a holder that is closed releases it at once. For a
         * {@link DurableProjection} or a Reactor, whose state all replicas share; an in-memory read model is refused.
         * The lease must outlast a batch (and a backfill's first page): a holder whose lease expired while it worked
         * learns it at the next renewal, and meanwhile two may apply the same events, which the projection's
         * version check and a reaction's idempotency keys make harmless.
         *
         * @param holder   this replica's name, unique among them (a host name and process id)
         * @param duration how long the lease lasts without renewal (it is renewed every third of it)
         */
        public Builder lease(Leases leases, String holder, Duration duration) {
            this.leases = Objects.requireNonNull(leases, "leases");
            this.leaseHolder = Objects.requireNonNull(holder, "holder");
            this.leaseDuration = LeaseHold.requireValidDuration(duration);
            return this;
        }

        public ProjectionRunner build() {
            return new ProjectionRunner(this);
        }
    }
}
