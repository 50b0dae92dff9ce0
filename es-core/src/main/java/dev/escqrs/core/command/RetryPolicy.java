package dev.escqrs.core.command;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a command that lost a race against another writer is decided again, and how long to wait in between:
 * exponential backoff from {@code baseDelay}, capped at {@code maxDelay}, with full jitter (a uniform wait between
 * zero and the cap), so that racing writers spread out.
 *
 * <p>{@code CommandHandler} retries the first two lost races at once when the store returned the current row with its
 * refusal (both escqrs stores do), since a wait would only let that row go stale; after that, or without a row, it
 * waits as this policy says before a retry, so that the writers of a hot aggregate spread out, and retries at once
 * after the attempt that follows a wait (its refusal brings a fresh row). Every lost race means another command went
 * through, so the default allows many: 8 writers on one aggregate in memory and 4 on DynamoDB give up zero times in
 * the tests (the most attempts one command needed in 16,000 was 11).
 *
 * <pre>{@code
 * RetryPolicy.DEFAULT;                                         // 50 attempts: 2 at once on the returned row, then 2 ms doubling up to 200 ms
 * new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));
 * RetryPolicy.immediate(10);                                   // tests: no waiting
 * }</pre>
 *
 * @param maxAttempts attempts in all, the first included; 1 means never retry
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(50, Duration.ofMillis(2), Duration.ofMillis(200));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= baseDelay <= maxDelay, got %s and %s"
                    .formatted(baseDelay, maxDelay));
        }
    }

    /** {@code maxAttempts} attempts with no wait between them. */
    public static RetryPolicy immediate(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ZERO, Duration.ZERO);
    }
}
