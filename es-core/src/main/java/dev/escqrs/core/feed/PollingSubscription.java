package dev.escqrs.core.feed;

import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running subscription to a {@link ChangeFeed}: a virtual thread that reads batches and hands them to a handler,
 * moving its checkpoint only after the handler returned. A failing handler gets the same batch again after
 * {@code pollInterval}; the failure is kept in {@link #lastFailure()}. Close it to stop.
 */
public final class PollingSubscription implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PollingSubscription.class.getName());
    private static final int BATCH_SIZE = 500;

    private final ChangeFeed feed;
    private final FeedHandler handler;
    private final Duration pollInterval;
    private final AtomicReference<Checkpoint> checkpoint;
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private final Thread thread;

    private PollingSubscription(ChangeFeed feed, Checkpoint after, FeedHandler handler, Duration pollInterval) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.checkpoint = new AtomicReference<>(Objects.requireNonNull(after, "after"));
        this.thread = Thread.ofVirtual().name("escqrs-feed").unstarted(this::run);
    }

    public static PollingSubscription start(ChangeFeed feed, Checkpoint after, FeedHandler handler, Duration pollInterval) {
        PollingSubscription subscription = new PollingSubscription(feed, after, handler, pollInterval);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        try {
            while (running) {
                if (!pollOnce()) {
                    sleep(pollInterval);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Returns true when it delivered events (so the next poll need not wait). */
    private boolean pollOnce() {
        FeedBatch batch;
        try {
            batch = feed.read(checkpoint.get(), BATCH_SIZE);
        } catch (RuntimeException e) {
            fail("reading the change feed failed", e);
            return false;
        }
        if (batch.isEmpty()) {
            checkpoint.set(batch.checkpoint());
            return false;
        }
        try {
            handler.handle(batch);
        } catch (Exception e) {
            fail("the feed handler failed; the batch will be delivered again", e);
            return false;
        }
        checkpoint.set(batch.checkpoint());
        lastFailure.set(null);
        return true;
    }

    private void fail(String what, Throwable e) {
        lastFailure.set(e);
        LOG.log(Level.WARNING, what, e);
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
