package dev.escqrs.core.command;

import java.time.Duration;

/**
 * What a {@link CommandHandler} reports as it works, for metrics and logs: each command's outcome, attempts and time,
 * and each lost race it retries. Called on the command's thread; keep it quick and never throw (an observer that
 * throws is logged and ignored by nobody: the command would fail). es-core has no metrics library; bind one here
 * (the example binds Micrometer).
 */
public interface CommandObserver {
    /** Reports nothing. */
    CommandObserver NONE = new CommandObserver() {};

    /** How a command ended. */
    enum Outcome {
        /** Events were appended. */
        APPENDED,
        /** The decider decided nothing; nothing was written. */
        NO_OP,
        /** A repeat of an idempotency key, answered with the first command's outcome; nothing was written. */
        REPLAYED,
        /** The decider refused it (a {@code DomainException}). */
        REFUSED,
        /** The caller's expected version was not the current one, or a create found the id taken. */
        CONFLICT,
        /** Every attempt lost a race ({@code RetriesExhaustedException}). */
        GAVE_UP,
        /** Anything else: bad input, a store that is unavailable, a bug. */
        FAILED
    }

    /**
     * A command finished.
     *
     * @param commandType the command's simple class name
     * @param attempts    how many times it was decided (1 unless it lost races); 0 when it failed before deciding
     */
    default void finished(String aggregateName, String commandType, Outcome outcome, int attempts, Duration took) {}

    /** A command lost a race with another writer at {@code attempt} and will be decided again. */
    default void retrying(String aggregateName, String commandType, int attempt) {}
}
