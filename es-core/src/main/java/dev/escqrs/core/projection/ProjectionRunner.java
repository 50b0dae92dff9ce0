package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.feed.PollingSubscription;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.spi.Identifiers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps a {@link Projection} up to date: it catches up from the event store itself, then follows the change feed.
 *
 * <p>On a start with no saved checkpoint it (1) captures the feed's {@linkplain ChangeFeed#head() head}, (2) backfills
 * from the event store ({@link dev.escqrs.core.port.ReadAllEvents}: on DynamoDB a parallel {@code Scan} of the events
 * table in {@code segments}, paged; in memory the log), (3) saves the captured position and tails the feed from it.
 * Events appended during the backfill lie after the captured head, so the tail delivers them; events seen by both are
 * repeats, which the {@link Projector} skips. On a start with a saved checkpoint it tails from there. The checkpoint
 * moves only after a batch was applied. A gap in what the feed delivers is filled from the store. So nothing is
 * missed, nothing is applied twice, and each aggregate's events are applied in version order; order across aggregates
 * is not promised. Unlike a read model that replays the change feed, this stays correct past the feed's retention
 * (24 hours on DynamoDB), and a new read model can be built over a years-old store.
 *
 * <p>A rebuild is {@link #reset()} (the projection's {@link Projection#reset()} and the checkpoint deleted) and a start.
 * Stopped mid-backfill, the next start backfills again (repeats are skipped); stopped mid-tail, it resumes at the
 * checkpoint. One runner per projection at a time.
 *
 * <pre>{@code
 * ProjectionRunner runner = ProjectionRunner.builder("published-posts", publishedPosts)
 *         .aggregates(BlogPosts.BLOG_POST).store(eventStore).feed(changeFeed).checkpoints(checkpoints).build();
 * try (ProjectionRunner.Running running = runner.start()) { ... }
 * }</pre>
 */
public final class ProjectionRunner {
    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class.getName());
    private static final int PAGE = 200;

    private final String name;
    private final Projector projector;
    private final EventStore store;
    private final ChangeFeed feed;
    private final Checkpoints checkpoints;
    private final int segments;
    private final Duration pollInterval;

    private ProjectionRunner(Builder b) {
        this.name = b.name;
        this.store = Objects.requireNonNull(b.store, "store: call store(eventStore) on the builder");
        this.feed = Objects.requireNonNull(b.feed, "feed: call feed(changeFeed) on the builder");
        this.checkpoints = Objects.requireNonNull(b.checkpoints, "checkpoints: call checkpoints(...) on the builder");
        this.projector = new Projector(b.projection, store, b.types);
        this.segments = b.segments;
        this.pollInterval = b.pollInterval;
    }

    /** A runner for {@code projection}, whose checkpoint is saved under {@code name}. */
    public static Builder builder(String name, Projection projection) {
        return new Builder(name, projection);
    }

    public String name() {
        return name;
    }

    /** What the runner's projector did: events applied, repeats skipped, gap events read from the store, ignored. */
    public Projector.Counts counts() {
        return projector.counts();
    }

    /** Forgets the projection's state and its checkpoint, so that the next {@link #start()} rebuilds it. */
    public void reset() {
        checkpoints.delete(name);
        projector.reset();
    }

    /** Starts catching up and following on a background (virtual) thread. */
    public Running start() {
        Running running = new Running();
        running.thread.start();
        return running;
    }

    /** Where a running projection is. */
    public enum Phase { BACKFILLING, TAILING, STOPPED }

    /** A started runner; close it to stop (a backfill stops at its next event, the tail after its batch). */
    public final class Running implements AutoCloseable {
        private final Thread thread = Thread.ofVirtual().name("escqrs-projection-" + name).unstarted(this::run);
        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BACKFILLING);
        private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        private final CountDownLatch tailing = new CountDownLatch(1);
        private volatile boolean running = true;
        private volatile PollingSubscription subscription;

        private Running() {
        }

        private void run() {
            while (running) {
                try {
                    Checkpoint from = checkpoints.load(name).orElseGet(this::backfill);
                    if (!running) {
                        break;
                    }
                    subscription = PollingSubscription.start(feed, from, batch -> {
                        projector.apply(batch.events());
                        checkpoints.save(name, batch.checkpoint());
                    }, pollInterval);
                    phase.set(Phase.TAILING);
                    tailing.countDown();
                    return;
                } catch (RuntimeException e) {
                    lastFailure.set(e);
                    LOG.log(Level.WARNING, "projection " + name + " failed to catch up; trying again", e);
                    LockSupport.parkNanos(this, pollInterval.toNanos());
                }
            }
            phase.set(Phase.STOPPED);
        }

        /** Reads the whole store; returns the captured head, saved, or the start when stopped half way. */
        private Checkpoint backfill() {
            Checkpoint head = feed.head();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int segment = 0; segment < segments; segment++) {
                    int s = segment;
                    parts.add(pool.submit(() -> backfillSegment(s)));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the backfill of " + name, e);
            } finally {
                pool.shutdownNow();
            }
            if (running) {
                checkpoints.save(name, head);
            }
            return head;
        }

        private void backfillSegment(int segment) {
            try (Stream<AggregateEvent<Object>> events = store.allEvents(projector.aggregateNames(), segment, segments)) {
                Iterator<AggregateEvent<Object>> it = events.iterator();
                List<AggregateEvent<Object>> page = new ArrayList<>(PAGE);
                while (running && it.hasNext()) {
                    page.add(it.next());
                    if (page.size() == PAGE) {
                        projector.apply(page);
                        page.clear();
                    }
                }
                if (running) {
                    projector.apply(page);
                }
            }
        }

        public Phase phase() {
            return phase.get();
        }

        /** The last failure of the backfill or the tail; the runner keeps trying. */
        public Optional<Throwable> lastFailure() {
            PollingSubscription s = subscription;
            Optional<Throwable> tail = s == null ? Optional.empty() : s.lastFailure();
            return tail.or(() -> Optional.ofNullable(lastFailure.get()));
        }

        /** Waits until the backfill is done and the runner follows the feed; false when {@code timeout} passed first. */
        public boolean awaitTailing(Duration timeout) throws InterruptedException {
            return tailing.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The checkpoint of the last batch applied from the feed, once tailing. */
        public Optional<Checkpoint> checkpoint() {
            return Optional.ofNullable(subscription).map(PollingSubscription::checkpoint);
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
            PollingSubscription s = subscription;
            if (s != null) {
                s.close();
            }
            phase.set(Phase.STOPPED);
        }
    }

    /** Configures a {@link ProjectionRunner}; aggregates, store, feed and checkpoints are required. */
    public static final class Builder {
        private final String name;
        private final Projection projection;
        private final List<AggregateType<?, ?>> types = new ArrayList<>();
        private EventStore store;
        private ChangeFeed feed;
        private Checkpoints checkpoints;
        private int segments = 4;
        private Duration pollInterval = Duration.ofMillis(500);

        private Builder(String name, Projection projection) {
            this.name = Identifiers.requireValid("projection name", name);
            this.projection = Objects.requireNonNull(projection, "projection");
        }

        /** The aggregate types whose events the projection reads (at least one); others are ignored. */
        public Builder aggregates(AggregateType<?, ?>... types) {
            this.types.addAll(List.of(types));
            return this;
        }

        /** Where the backfill and the gap filling read. */
        public Builder store(EventStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder feed(ChangeFeed feed) {
            this.feed = Objects.requireNonNull(feed, "feed");
            return this;
        }

        public Builder checkpoints(Checkpoints checkpoints) {
            this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
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

        /** How long the tail waits between polls while the feed is idle (default 500 ms). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        public ProjectionRunner build() {
            if (types.isEmpty()) {
                throw new IllegalArgumentException("projection " + name + ": call aggregates(...) with at least one type");
            }
            return new ProjectionRunner(this);
        }
    }
}
