package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.runtime.LeaseHold;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.port.Snapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

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
    private final RunnerParts parts;

    private ProjectionRunner(RunnerParts parts) {
        this.parts = parts;
    }

    /** A runner for the projection of {@code spec}, whose checkpoint is saved under the spec's name. */
    public static Builder builder(ProjectionSpec spec) {
        return new Builder(spec);
    }

    public String name() {
        return parts.name();
    }

    /** Whether a restart resumes at a saved checkpoint ({@link DurableProjection}) or rebuilds from the store. */
    public boolean isDurable() {
        return parts.spec().projection() instanceof DurableProjection;
    }

    /** What the runner's projector did: events applied, repeats skipped, gap events read from the store, ignored. */
    public Projector.Counts counts() {
        return parts.projector().counts();
    }

    /** The checkpoint saved last, where the projection keeps it. */
    public Optional<Checkpoint> savedCheckpoint() {
        return parts.checkpoints().load(parts.name());
    }

    /** Forgets the projection's state, its checkpoint and its snapshot, so that the next {@link #start()} rebuilds it. */
    public void reset() {
        parts.reset();
    }

    /** Starts catching up and following on a background (virtual) thread. */
    public Running start() {
        Running running = new Running();
        running.loop.start();
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
        private final RunLoop loop = new RunLoop(parts);
        private final ParkingRequests parking = new ParkingRequests(parts, loop::wake);

        private Running() {}

        public Phase phase() {
            return loop.status().phase();
        }

        /** The failure of the last attempt (backfill, feed read, apply, checkpoint); empty once one succeeds again. */
        public Optional<Throwable> lastFailure() {
            return loop.status().lastFailure();
        }

        /** Where the projection stands (see {@link ProjectionStatus}). */
        public ProjectionStatus status() {
            return loop.status().status();
        }

        /** The aggregates this runner has parked ({@link BadRecords#PARK}), oldest failure first; empty otherwise. */
        public List<ParkedAggregate> parked() {
            return parking.parked();
        }

        /**
         * Asks the runner to retry a parked aggregate now (its head and every event behind it); false when it is not
         * parked. Done on the runner's thread, at once.
         *
         * @param by who asks (an operator's name, for the log)
         */
        public boolean retry(String aggregateName, String aggregateId, String by) {
            return parking.request(aggregateName, aggregateId, ParkedAggregate.Action.RETRY, by, "retry");
        }

        /**
         * Asks the runner to skip a parked aggregate's head event for good (recorded with who, when and why) and apply
         * the events behind it; false when it is not parked.
         */
        public boolean skip(String aggregateName, String aggregateId, String by, String reason) {
            return parking.request(aggregateName, aggregateId, ParkedAggregate.Action.SKIP, by, reason);
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
        public int retry(Predicate<ParkedAggregate> which, String by) {
            return parking.retry(which, by);
        }

        /**
         * Rebuilds the read model from the start, on the runner's thread: the projection is reset, its checkpoint
         * deleted, and the runner backfills from the store and tails on (as {@link ProjectionRunner#reset()} and a
         * start). A reactor refuses: its commands cannot be sent again.
         */
        public void replay() {
            if (parts.spec().projection() instanceof DurableProjection durable && !durable.replayable()) {
                throw new UnsupportedOperationException(
                        ("%s is a reaction: a replay would send its commands again; give "
                                        + "a changed reaction a new name and ledger instead")
                                .formatted(name()));
            }
            loop.replay();
        }

        /**
         * Moves the runner's checkpoint to {@code checkpoint}, on the runner's thread: it tails from there (events it
         * passes over are not applied; events it reads again are repeats and skipped by version).
         */
        public void moveCheckpoint(Checkpoint checkpoint) {
            Objects.requireNonNull(checkpoint, "checkpoint");
            loop.moveCheckpoint(checkpoint);
        }

        /** Waits until the backfill is done and the runner follows the feed; false when {@code timeout} passed first. */
        public boolean awaitTailing(Duration timeout) throws InterruptedException {
            return loop.status().awaitTailing(timeout);
        }

        /**
         * Waits until the projection holds version {@code version} of aggregate {@code aggregateId} (or later), for a
         * caller that wants to read its own write; false when {@code timeout} passed first.
         */
        public boolean awaitApplied(AggregateType<?, ?> type, String aggregateId, long version, Duration timeout)
                throws InterruptedException {
            return parts.projector().awaitApplied(type.name(), aggregateId, version, timeout);
        }

        /** The position of the last batch applied from the feed, once tailing. */
        public Optional<Checkpoint> checkpoint() {
            return loop.position();
        }

        @Override
        public void close() {
            loop.close();
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
            return new ProjectionRunner(RunnerParts.of(
                    spec,
                    feed,
                    segments,
                    pollInterval,
                    backoffCap,
                    clock,
                    leases,
                    leaseHolder,
                    leaseDuration,
                    catchUpFromFeed,
                    snapshots,
                    snapshotEvery));
        }
    }
}
