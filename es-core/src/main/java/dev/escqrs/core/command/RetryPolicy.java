package dev.escqrs.core.command;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often a command that lost a race against another writer is decided again, and how long to wait in between:
 * exponential backoff from {@code baseDelay}, capped at {@code maxDelay}, with full jitter (a uniform wait between
 * zero and the cap), so that racing writers spread out.
 *
 * <pre>{@code
 * RetryPolicy.DEFAULT;                                         // 5 attempts, 5 ms doubling up to 200 ms
 * new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));
 * RetryPolicy.immediate(10);                                   // tests: no waiting
 * }</pre>
 *
 * @param maxAttempts attempts in all, the first included; 1 means never retry
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(200));

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

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed attempts. */
    public Duration delayAfter(int attempt, RandomGenerator random) {
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
