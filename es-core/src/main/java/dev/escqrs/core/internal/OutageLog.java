package dev.escqrs.core.internal;

import dev.escqrs.core.error.EscqrsException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which lines a loop that retries without end prints while its attempts fail, so that an outage of the store
 * is a few lines, not a line (and a stack trace) per attempt:
 * <ul>
 *   <li>one WARNING when it goes down: what, the cause in one line, the next wait. A stack trace goes with it only when
 *       the cause is not a known outage (an escqrs error of category {@code UNAVAILABLE}, whose message says it all),
 *       and only with this first line;</li>
 *   <li>one WARNING every {@code every} (a minute by default) while it stays down: for how long, how many attempts
 *       failed, the latest cause in one line;</li>
 *   <li>one INFO when an attempt succeeds again: after how long and how many failed attempts.</li>
 * </ul>
 * Times come from the clock given, so a test can scale a minute down. Thread-safe; one per loop (or per shard).
 *
 * <pre>{@code
 * OutageLog outage = new OutageLog("projection published-posts", OutageLog.julOf(ProjectionRunner.class));
 * try {
 *     poll(); backoff.reset(); outage.succeeded();
 * } catch (RuntimeException e) {
 *     Duration wait = backoff.next(); outage.failed(e, wait); park(wait);
 * }
 * }</pre>
 */
public final class OutageLog {
    /** How often a loop that is still down says so, by default. */
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);

    /**
     * Where the lines go: a logging framework's logger, adapted. {@code level} is {@code WARNING} or {@code INFO};
     * {@code trace} is null when no stack trace is due.
     */
    @FunctionalInterface
    public interface Printer {
        void print(Level level, String line, Throwable trace);
    }

    private final String subject;
    private final Printer printer;
    private final Clock clock;
    private final Duration every;
    private Instant downSince;
    private Instant lastLine;
    private long failedAttempts;
    private Throwable lastCause;

    /** Lines about {@code subject} (e.g. "projection published-posts"), a still-down line a minute, by the system clock. */
    public OutageLog(String subject, Printer printer) {
        this(subject, printer, Clock.systemUTC(), DEFAULT_EVERY);
    }

    public OutageLog(String subject, Printer printer, Clock clock, Duration every) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.printer = Objects.requireNonNull(printer, "printer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.every = Objects.requireNonNull(every, "every");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive, got " + every);
        }
    }

    /** A printer to the {@code java.util.logging} logger named after {@code source}, as escqrs's core classes log. */
    public static Printer julOf(Class<?> source) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(source.getName());
        return (level, line, trace) -> {
            java.util.logging.Level jul =
                    level == Level.INFO ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING;
            if (trace == null) {
                logger.log(jul, line);
            } else {
                logger.log(jul, line, trace);
            }
        };
    }

    /** An attempt failed with {@code cause}; the next one comes after {@code wait}. Prints a line when one is due. */
    public synchronized void failed(Throwable cause, Duration wait) {
        Objects.requireNonNull(cause, "cause");
        Instant now = clock.instant();
        failedAttempts++;
        lastCause = cause;
        if (downSince == null) {
            downSince = now;
            lastLine = now;
            printer.print(
                    Level.WARNING,
                    ("%s is failing: %s; trying again in %s, backing off, " + "with one line every %s while it lasts")
                            .formatted(subject, describe(cause), format(wait), format(every)),
                    isKnownOutage(cause) ? null : cause);
            return;
        }
        if (!now.isBefore(lastLine.plus(every))) {
            lastLine = now;
            printer.print(
                    Level.WARNING,
                    "%s is still failing after %s (%d failed attempts): %s; next attempt in %s"
                            .formatted(
                                    subject,
                                    format(Duration.between(downSince, now)),
                                    failedAttempts,
                                    describe(cause),
                                    format(wait)),
                    null);
        }
    }

    /** An attempt succeeded: prints that it is back when it was down, and forgets the outage. */
    public synchronized void succeeded() {
        if (downSince == null) {
            return;
        }
        Duration down = Duration.between(downSince, clock.instant());
        printer.print(
                Level.INFO,
                "%s is back after %s (%d failed attempts, the last: %s)"
                        .formatted(subject, format(down), failedAttempts, describe(lastCause)),
                null);
        downSince = null;
        lastLine = null;
        failedAttempts = 0;
        lastCause = null;
    }

    /** Since when the attempts fail; empty while they succeed. */
    public synchronized Optional<Instant> downSince() {
        return Optional.ofNullable(downSince);
    }

    /** The cause in one line: its kind and the first line of its message (no stack, no nested story). */
    public static String describe(Throwable cause) {
        Throwable shown = cause;
        while (shown.getMessage() == null && shown.getCause() != null && shown.getCause() != shown) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null
                ? ""
                : shown.getMessage().lines().findFirst().orElse("");
        return message.isEmpty()
                ? shown.getClass().getSimpleName()
                : shown.getClass().getSimpleName() + ": " + message;
    }

    /** An outage escqrs already explains in its message: no stack trace needed. */
    static boolean isKnownOutage(Throwable cause) {
        return cause instanceof EscqrsException e && e.category() == EscqrsException.Category.UNAVAILABLE;
    }

    /** {@code 850 ms}, {@code 4.2 s}, {@code 3 min 05 s}, {@code 2 h 01 min}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = d.toSeconds();
        if (seconds < 3_600) {
            return "%d min %02d s".formatted(seconds / 60, seconds % 60);
        }
        return "%d h %02d min".formatted(seconds / 3_600, (seconds % 3_600) / 60);
    }
}
