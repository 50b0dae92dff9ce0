package dev.escqrs.core.command;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a command that lost a race against another writer is decided again, and how long to wait in between:
 * exponential backoff from {@code baseDelay}, capped at {@code maxDelay}, with full jitter (a uniform wait between
 * zero and the cap), so that racing writers spread out; and for how long at most ({@code maxElapsed}).
 *
 * <p>{@code CommandHandler} retries the first two lost races at once when the store returned the current row with its
 * refusal (both escqrs stores do), since a wait would only let that row go stale; after that, or without a row, it
 * waits as this policy says before a retry, so that the writers of a hot aggregate spread out, reads the aggregate
 * afresh and retries at once after the attempt that follows a wait.
 *
 * <p>Every lost race means another command went through, so how many races one command loses depends on how many
 * writers compete, not on a fault: a bound by attempts alone makes a busy aggregate's writers give up when the machine
 * is merely slow. The default is bounded by time: a command keeps trying for up to 10 seconds of lost races (a
 * thousand attempts at most). Measured under load (scripts/race-under-load, docs/reliability.md): the most attempts one
 * command needed was 36 and the longest 3.6 s, with four writers on one aggregate on moto while both cores were busy.
 *
 * <pre>{@code
 * RetryPolicy.DEFAULT;                          // up to 10 s: 2 at once on the returned row, then 2 ms doubling up to 200 ms
 * new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));              // 3 attempts, no bound by time
 * new RetryPolicy(100, Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(2));   // whichever ends first
 * RetryPolicy.immediate(10);                    // tests: no waiting
 * }</pre>
 *
 * @param maxAttempts attempts in all, the first included; 1 means never retry
 * @param maxElapsed  the longest a command keeps retrying, counted from its first attempt (a wait is cut short at
 *                    it); {@link Duration#ZERO}: no bound by time, attempts only
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxElapsed) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(1_000, Duration.ofMillis(2), Duration.ofMillis(200), Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "delays must satisfy 0 <= baseDelay <= maxDelay, got %s and %s".formatted(baseDelay, maxDelay));
        }
        Objects.requireNonNull(maxElapsed, "maxElapsed");
        if (maxElapsed.isNegative()) {
            throw new IllegalArgumentException("maxElapsed must be 0 (no bound by time) or more, got " + maxElapsed);
        }
    }

    /** {@code maxAttempts} attempts with these waits, and no bound by time. */
    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this(maxAttempts, baseDelay, maxDelay, Duration.ZERO);
    }

    /** Whether this policy bounds retries by time ({@link #maxElapsed} is not zero). */
    public boolean boundedByTime() {
        return !maxElapsed.isZero();
    }

    /** {@code maxAttempts} attempts with no wait between them. */
    public static RetryPolicy immediate(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ZERO, Duration.ZERO);
    }
}
