package dev.escqrs.core.reaction;

import dev.escqrs.core.event.AggregateEvent;

/**
 * Told the outcome of every command a {@link Reactor} sends, for metrics and alarms (the example counts them by
 * outcome). Called on the runner's thread: return quickly, and do not throw.
 */
public interface ReactionObserver {
    /** Observes nothing. */
    ReactionObserver NONE = new ReactionObserver() {};

    /** How the delivery of a command a reaction sent ended. */
    enum Delivery {
        /** It ran: events were appended (or it decided none). */
        SENT,
        /** It had been sent before for this event (a redelivery): answered with the first outcome, nothing written. */
        DUPLICATE,
        /** Its aggregate refused it (see {@link Reactor} for which errors are refusals); skipped, never retried. */
        REFUSED,
        /** It failed otherwise (the store); the event is delivered again and the command sent again, same key. */
        FAILED
    }

    /** {@code commandType}, sent for {@code cause} by {@code reaction}, ended as {@code delivery}. */
    default void delivered(
            String reaction,
            AggregateEvent<?> cause,
            String commandType,
            Delivery delivery,
            java.util.Optional<Throwable> error) {}
}
