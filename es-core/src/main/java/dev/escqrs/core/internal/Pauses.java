package dev.escqrs.core.internal;

import dev.escqrs.core.error.EscqrsException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The one way escqrs waits between attempts: the wait a retry policy asks for, and a sleep that turns an
 * interrupt into an unchecked error.
 */
public final class Pauses {
    private Pauses() {}

    /**
     * Sleeps for {@code delay} (nothing for zero); on interrupt, keeps the interrupt flag and throws.
     *
     * @param why what the wait was for, for the error
     */
    public static void sleep(Duration delay, String why) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EscqrsException("interrupted while " + why, e);
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed attempts: exponential from
     * {@code baseDelay} (a retry policy's), capped at {@code maxDelay}, with full jitter.
     */
    public static Duration after(Duration baseDelay, Duration maxDelay, int attempt, RandomGenerator random) {
        if (maxDelay.isZero()) {
            return Duration.ZERO;
        }
        long base = baseDelay.toNanos();
        long cap = maxDelay.toNanos();
        long ceiling = attempt >= 62 ? cap : Math.min(cap, base << Math.min(attempt - 1, 40));
        if (ceiling <= 0) {
            ceiling = cap;
        }
        return Duration.ofNanos(random.nextLong(ceiling + 1));
    }
}
