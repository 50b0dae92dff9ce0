package dev.escqrs.core.feed;

import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.internal.OutageLog;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.FeedBatch;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A running subscription to a {@link ChangeFeed}, the one way to consume a feed outside a read model: a virtual thread that reads batches and hands them to a handler,
 * moving its checkpoint only after the handler returned. A failing handler (or a failing read) gets the same batch
 * again after a backoff: the poll interval after a first failure, twice as long after each further failure in a row,
 * with jitter, up to 30 s ({@link Backoff#DEFAULT_CAP}). The failure is kept in {@link #lastFailure()}, and the log has
 * one line when the polls start failing, one a minute while they fail and one when they succeed again. Close it to
 * stop.
 *
 * <p>Started for a named consumer ({@link #start(ChangeFeed, Checkpoints, String, FeedHandler, Duration)}), it resumes
 * from the consumer's stored checkpoint and stores the new one after each batch the handler returned from; a consumer
 * that stopped between its handler and the checkpoint write gets the batch again, so consumers must tolerate repeats
 * (keep the last version applied). For consumers that react to new events only: a read model that must hold every
 * event, also those older than the feed keeps (a DynamoDB stream keeps 24 hours), is a
 * {@link dev.escqrs.core.projection.ProjectionRunner}.
 *
 * <pre>{@code
 * try (FeedSubscription s = FeedSubscription.start(feed, checkpoints, "mailer", handler, Duration.ofSeconds(1))) {
 *     ...
 * }
 * }</pre>
 */
public final class FeedSubscription implements AutoCloseable {
    private static final int BATCH_SIZE = 500;

    private final ChangeFeed feed;
    private final FeedHandler handler;
    private final Duration pollInterval;
    private final Backoff backoff;
    private final OutageLog outage;
    private Duration lastWait = Duration.ZERO;
    private final AtomicReference<Checkpoint> checkpoint;
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private final Thread thread;

    private FeedSubscription(
            String name, ChangeFeed feed, Checkpoint after, FeedHandler handler, Duration pollInterval) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.backoff = new Backoff(pollInterval, Backoff.DEFAULT_CAP);
        this.checkpoint = new AtomicReference<>(Objects.requireNonNull(after, "after"));
        this.outage = new OutageLog(name, OutageLog.julOf(FeedSubscription.class));
        this.thread = Thread.ofVirtual().name("escqrs-feed").unstarted(this::run);
    }

    /** Starts polling {@code feed} after {@code after} on a virtual thread, handing each batch to {@code handler}. */
    public static FeedSubscription start(
            ChangeFeed feed, Checkpoint after, FeedHandler handler, Duration pollInterval) {
        return start("change feed subscription", feed, after, handler, pollInterval);
    }

    /**
     * Starts delivering to {@code handler} after {@code consumer}'s stored checkpoint (or from the feed's start), and
     * stores the checkpoint after each batch the handler returned from.
     */
    public static FeedSubscription start(
            ChangeFeed feed, Checkpoints checkpoints, String consumer, FeedHandler handler, Duration pollInterval) {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Identifiers.requireValid("consumer", consumer);
        Objects.requireNonNull(handler, "handler");
        Checkpoint from = checkpoints.load(consumer).orElse(Checkpoint.START);
        return start(
                "feed consumer " + consumer,
                feed,
                from,
                batch -> {
                    handler.handle(batch);
                    checkpoints.save(consumer, batch.checkpoint());
                },
                pollInterval);
    }

    /** Starts polling, named in the log as {@code name}. */
    private static FeedSubscription start(
            String name, ChangeFeed feed, Checkpoint after, FeedHandler handler, Duration pollInterval) {
        FeedSubscription subscription = new FeedSubscription(name, feed, after, handler, pollInterval);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        try {
            while (running) {
                switch (pollOnce()) {
                    case DELIVERED -> {}
                    case IDLE -> sleep(pollInterval);
                    case FAILED -> sleep(lastWait);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private enum Poll {
        DELIVERED,
        IDLE,
        FAILED
    }

    /** Reads once and hands what it read to the handler: delivered events (the next poll need not wait), or not. */
    private Poll pollOnce() {
        FeedBatch batch;
        try {
            batch = feed.read(checkpoint.get(), BATCH_SIZE);
        } catch (RuntimeException e) {
            return fail(e);
        }
        if (!batch.isEmpty()) {
            try {
                handler.handle(batch);
            } catch (Exception e) {
                // the batch will be delivered again
                return fail(e);
            }
        }
        checkpoint.set(batch.checkpoint());
        lastFailure.set(null);
        backoff.reset();
        outage.succeeded();
        return batch.isEmpty() ? Poll.IDLE : Poll.DELIVERED;
    }

    private Poll fail(Throwable e) {
        lastFailure.set(e);
        lastWait = backoff.next();
        outage.failed(e, lastWait);
        return Poll.FAILED;
    }

    private void sleep(Duration duration) {
        // parked rather than slept, so that close() can wake it without interrupting a handler at work
        LockSupport.parkNanos(this, duration.toNanos());
    }

    /** The checkpoint after the last batch the handler accepted. */
    public Checkpoint checkpoint() {
        return checkpoint.get();
    }

    /** The failure of the last poll, cleared by the next batch that succeeds. */
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** Stops polling and waits (up to ten seconds) for a batch in progress, and its checkpoint, to finish. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
