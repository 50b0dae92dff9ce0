package dev.escqrs.core.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The waits of a loop that retries without end (a runner's tail, a feed subscription, a KCL shard): after each failure in a
 * row the wait doubles from {@code first} up to {@code cap}, with jitter, and a success starts again at {@code first}.
 *
 * <p>The jitter is "equal jitter": a wait is drawn from the upper half of the current ceiling, {@code [ceiling/2,
 * ceiling]}, so that many processes that lost the store at the same moment do not come back in step, and yet a
 * loop never waits less than half its ceiling (full jitter would let a long outage retry almost at once, now and then,
 * and the attempts per minute would not be bounded by the cap). Not thread-safe: one per loop.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
 * try { poll(); backoff.reset(); } catch (RuntimeException e) { park(backoff.next()); }
 * }</pre>
 */
public final class Backoff {
    /** The longest wait between attempts by default: the store is asked at most about twice a minute while down. */
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(30);

    private final long firstNanos;
    private final long capNanos;
    private final RandomGenerator random;
    private int failures;

    /** The shortest first wait: a loop that fails at once must never spin, whatever its poll interval. */
    static final Duration FLOOR = Duration.ofMillis(1);

    /**
     * A backoff with waits from {@code first} (at least 1 ms) to {@code cap} (at least {@code first}), jittered by a
     * thread-local random source.
     */
    public Backoff(Duration first, Duration cap) {
        this(first, cap, null);
    }

    /** As above, with the random source given (a seeded one in tests); {@code null} for the thread-local one. */
    public Backoff(Duration first, Duration cap, RandomGenerator random) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(cap, "cap");
        if (first.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException(
                    "waits cannot be negative, got %s and a cap of %s".formatted(first, cap));
        }
        this.firstNanos = Math.max(first.toNanos(), FLOOR.toNanos());
        this.capNanos = Math.max(cap.toNanos(), firstNanos);
        this.random = random;
    }

    /** Checks a backoff cap given to a builder: positive. */
    public static Duration requireValidCap(Duration cap) {
        Objects.requireNonNull(cap, "backoffCap");
        if (cap.isNegative() || cap.isZero()) {
            throw new IllegalArgumentException("the backoff cap must be positive, got " + cap);
        }
        return cap;
    }

    /** A failure: how long to wait before the next attempt. */
    public Duration next() {
        failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
        long ceiling = ceilingNanos(failures);
        long half = ceiling / 2;
        RandomGenerator r = random != null ? random : java.util.concurrent.ThreadLocalRandom.current();
        return Duration.ofNanos(half + r.nextLong(ceiling - half + 1));
    }

    /** A success: the next failure waits {@code first} again. */
    public void reset() {
        failures = 0;
    }

    /** How many failures in a row since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** The ceiling after {@code failures} failures in a row: {@code first * 2^(failures-1)}, at most the cap. */
    long ceilingNanos(int failures) {
        int doublings = Math.min(failures - 1, 62);
        long ceiling = firstNanos;
        for (int i = 0; i < doublings && ceiling < capNanos; i++) {
            ceiling = ceiling > Long.MAX_VALUE / 2 ? capNanos : ceiling * 2;
        }
        return Math.min(ceiling, capNanos);
    }
}
