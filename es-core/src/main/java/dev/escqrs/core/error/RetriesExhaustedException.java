package dev.escqrs.core.error;

/**
 * A command lost the race against other writers on every attempt its retry policy allowed.
 * The cause is the last {@link dev.escqrs.core.error.ConflictException}. Nothing of this command was written.
 */
public final class RetriesExhaustedException extends EscqrsException {
    private final int attempts;

    public RetriesExhaustedException(String aggregateName, String aggregateId, int attempts, Throwable lastConflict) {
        super(
                "%s %s: gave up after %d attempts, each lost a race with another writer; nothing was written (last: %s)"
                        .formatted(aggregateName, aggregateId, attempts, lastConflict.getMessage()),
                lastConflict);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public Category category() {
        return Category.UNAVAILABLE;
    }
}
