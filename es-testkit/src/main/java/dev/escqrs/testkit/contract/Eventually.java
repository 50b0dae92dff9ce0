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

    private Eventually() {
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, DEFAULT_TIMEOUT, condition, () -> "");
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after %s waiting for %s %s".formatted(timeout, what, lastSeen.get()));
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
