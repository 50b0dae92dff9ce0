package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.internal.Backoff;
import dev.escqrs.core.internal.OutageLog;
import dev.escqrs.core.internal.runtime.LeaseHold;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A started {@link DynamoDbIndexer}'s thread: a poll, then a wait of the poll interval when it found nothing; under the
 * lease when it has one, standing by while another replica holds it; a failure backs off and is logged as an outage.
 */
final class IndexerLoop implements AutoCloseable {
    private final Indexing indexing;
    /** The lease it indexes under; null: it indexes wherever it is started. */
    private final LeaseHold lease;

    private final Duration pollInterval;
    private volatile boolean running = true;
    private final Thread thread;
    private final Backoff backoff;
    private final OutageLog outage;

    IndexerLoop(Indexing indexing, LeaseHold lease, String name, Duration pollInterval) {
        this.indexing = indexing;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.backoff = new Backoff(pollInterval, Backoff.DEFAULT_CAP);
        this.outage = new OutageLog("indexer " + name, OutageLog.julOf(DynamoDbIndexer.class));
        this.thread = Thread.ofVirtual().name("escqrs-indexer-" + name).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                LeaseHold.Hold hold = lease == null ? LeaseHold.Hold.HELD : lease.hold();
                if (hold == LeaseHold.Hold.NOT_HELD) {
                    indexing.standBy();
                    LockSupport.parkNanos(this, lease.retryEvery().toNanos());
                    continue;
                }
                indexing.held();
                if (hold == LeaseHold.Hold.TAKEN) {
                    indexing.forgetPosition(); // the holder before it moved the position on
                }
                long appended = indexing.indexOnce();
                backoff.reset();
                outage.succeeded();
                indexing.succeeded();
                if (appended == 0) {
                    LockSupport.parkNanos(this, pollInterval.toNanos());
                }
            } catch (RuntimeException e) {
                indexing.failed(OutageLog.describe(e));
                Duration wait = backoff.next();
                outage.failed(e, wait);
                LockSupport.parkNanos(this, wait.toNanos());
            }
        }
        if (lease != null) {
            lease.release();
        }
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
    }
}
