package dev.escqrs.core.command;

import dev.escqrs.core.error.EscqrsException;

import java.time.Duration;

/** The one way escqrs waits between attempts: a sleep that turns an interrupt into an unchecked error. */
public final class Pauses {
    private Pauses() {
    }

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
}
