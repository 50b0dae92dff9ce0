package dev.escqrs.core.error;

import java.util.Objects;

/**
 * A {@link dev.escqrs.core.port.ChangeFeed} cannot continue from the checkpoint it was given: the records after it are
 * gone for this reader. Nothing was read. A {@code ProjectionRunner} heals it on its own (it captures the feed's head
 * and catches up from the event store, where every event still is); any other consumer must do the same or rebuild.
 */
public class FeedPositionLostException extends EscqrsException {
    /** Why the position is lost. */
    public enum Reason {
        /**
         * The checkpoint names a stream the events table no longer has: the table was restored from a backup, or its
         * stream was disabled and enabled again (or its view type changed), which gives the stream a new ARN.
         */
        STREAM_REPLACED,
        /** The records after the checkpoint were trimmed: DynamoDB keeps stream records 24 hours. */
        TRIMMED,
        /** The feed's iterator expired (15 minutes on DynamoDB) and a fresh one expired too. */
        ITERATOR_EXPIRED
    }

    private final Reason reason;

    public FeedPositionLostException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FeedPositionLostException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public Category category() {
        return Category.UNAVAILABLE;
    }

    /** False: the same position cannot be served again; catch up from the store (a ProjectionRunner does). */
    @Override
    public boolean retryable() {
        return false;
    }
}
