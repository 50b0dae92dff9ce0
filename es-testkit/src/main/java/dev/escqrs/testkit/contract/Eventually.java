package dev.escqrs.testkit.contract;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for an eventually consistent condition (a change feed catching up, an index), polling. A timeout fails with
 * what was last seen; it is a bound against hanging, never a speed assertion.
 */
public final class Eventually {
    /** Generous on purpose: a slow CI machine must not fail a correct store. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A system property that caps every wait, in milliseconds: the testkit's own check that its contracts fail
     * against stores that lie sets it, so that waiting for what a lying store never delivers does not take a minute.
     */
    public static final String MAX_WAIT_PROPERTY = "escqrs.testkit.maxWaitMillis";

    private Eventually() {}

    /** {@link #DEFAULT_TIMEOUT}, or less where {@value #MAX_WAIT_PROPERTY} caps it. */
    public static Duration timeout() {
        return capped(DEFAULT_TIMEOUT);
    }

    private static Duration capped(Duration timeout) {
        Long max = Long.getLong(MAX_WAIT_PROPERTY);
        return max == null || timeout.toMillis() <= max ? timeout : Duration.ofMillis(max);
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, DEFAULT_TIMEOUT, condition, () -> "");
    }

    public static void await(String what, Duration requested, BooleanSupplier condition, Supplier<String> lastSeen) {
        Duration timeout = capped(requested);
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after %s waiting for %s %s".formatted(timeout, what, lastSeen.get()));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(pause * 2, 200);
        }
    }
}
