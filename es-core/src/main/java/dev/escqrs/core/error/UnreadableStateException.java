package dev.escqrs.core.error;

/**
 * The stored aggregate row cannot serve as the current state: it was written at another state version than the
 * aggregate type declares, or its state no longer reads as the state class (a field added or removed between
 * releases). Thrown by {@link dev.escqrs.core.port.AggregateReader}s; never a reason to refuse a command, since the
 * events are the truth: {@code CommandHandler} catches it, rebuilds the aggregate from the events (one consistent
 * read of the history) and writes the rebuilt row with the next command.
 */
public final class UnreadableStateException extends EscqrsException {
    private final String aggregateName;
    private final String aggregateId;
    private final long version;

    public UnreadableStateException(
            String aggregateName, String aggregateId, long version, String reason, Throwable cause) {
        super(
                ("%s %s: the stored row at version %d cannot be used as the current state (%s). Read it through the "
                                + "CommandHandler (read and every command rebuild it from the events), or rewrite the row with "
                                + "CommandHandler.repair(id)")
                        .formatted(aggregateName, aggregateId, version, reason),
                cause);
        this.aggregateName = aggregateName;
        this.aggregateId = aggregateId;
        this.version = version;
    }

    public String aggregateName() {
        return aggregateName;
    }

    public String aggregateId() {
        return aggregateId;
    }

    /** The version the row says the aggregate is at. */
    public long version() {
        return version;
    }
}
