package dev.escqrs.core.error;

/**
 * A command came with an idempotency key that the aggregate remembers from another command: a key names one command,
 * so the second is refused and nothing is written. Send a new key for a new command. HTTP maps it to 422.
 */
public final class IdempotencyKeyReusedException extends EscqrsException {
    private final String aggregateName;
    private final String aggregateId;

    public IdempotencyKeyReusedException(
            String aggregateName,
            String aggregateId,
            String actorId,
            String commandType,
            long firstVersion,
            long lastVersion) {
        super(("%s %s: actor %s's idempotency key was already used for another command (the one that appended "
                        + "versions %d to %d), not this %s; a key names one command: send a new key for a new command")
                .formatted(aggregateName, aggregateId, actorId, firstVersion, lastVersion, commandType));
        this.aggregateName = aggregateName;
        this.aggregateId = aggregateId;
    }

    public String aggregateName() {
        return aggregateName;
    }

    public String aggregateId() {
        return aggregateId;
    }

    @Override
    public Category category() {
        return Category.CONFLICT;
    }
}
