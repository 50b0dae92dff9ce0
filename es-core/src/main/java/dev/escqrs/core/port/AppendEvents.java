package dev.escqrs.core.port;

/** The write side of an {@link EventStore}. */
public interface AppendEvents {
    /**
     * Stores the batch's events and the aggregate's new state together, atomically, if and only if the aggregate is
     * still at {@link AppendBatch#baseVersion()} (0: does not exist). Either everything is written or nothing.
     *
     * @throws dev.escqrs.core.error.ConflictException of kind {@code CONCURRENT_APPEND} when the aggregate is at
     *         another version; nothing was written
     * @throws dev.escqrs.core.error.SerializationException when a payload or the state cannot be stored; nothing was
     *         written
     */
    <E, S> void append(AppendBatch<E, S> batch);
}
