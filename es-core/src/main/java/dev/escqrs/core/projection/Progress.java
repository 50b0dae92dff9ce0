package dev.escqrs.core.projection;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A projector's progress, for a reader that waits for its own write: each call that may have applied events signals,
 * and a waiting reader looks again. Waiting readers park on a lock of their own, not on the projector's monitor (a
 * virtual thread would pin its carrier there).
 */
final class Progress {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private long progress;

    /**
     * Waits until {@code reached} holds, looking again after each signal; false when {@code timeout} passed first.
     *
     * @throws InterruptedException the waiting thread was interrupted
     */
    boolean await(BooleanSupplier reached, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = progress;
            } finally {
                lock.unlock();
            }
            if (reached.getAsBoolean()) {
                return true;
            }
            lock.lock();
            try {
                long left = deadline - System.nanoTime();
                while (progress == seen) {
                    if (left <= 0) {
                        return false;
                    }
                    left = progressed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    void signal() {
        lock.lock();
        try {
            progress++;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
