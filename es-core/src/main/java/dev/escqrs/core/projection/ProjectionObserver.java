package dev.escqrs.core.projection;

import dev.escqrs.core.error.FeedPositionLostException;

/**
 * Told what a {@link ProjectionRunner} does, for metrics and alarms (the example binds it to Micrometer). Called on
 * the runner's thread: return quickly, and do not throw.
 */
public interface ProjectionObserver {
    /** Observes nothing. */
    ProjectionObserver NONE = new ProjectionObserver() {};

    /** {@code events} events were applied to the projection (from the backfill, the feed or a gap filled). */
    default void applied(String projection, long events) {}

    /** A backfill, a feed read, an apply or a checkpoint write failed; the runner tries again after its poll interval. */
    default void failed(String projection, Throwable failure) {}

    /**
     * An aggregate was parked ({@link BadRecords#PARK}), or a retry of a parked one failed again: {@code entry} is the
     * entry as it stands now.
     */
    default void parked(String projection, ParkedAggregate entry) {}

    /** A parked aggregate's events were applied (or its head skipped and the rest applied): it is no longer parked. */
    default void unparked(String projection, String aggregateName, String aggregateId) {}

    /** The feed position was lost ({@code reason}); the runner catches up from the event store to heal it. */
    default void healing(String projection, FeedPositionLostException.Reason reason) {}
}
