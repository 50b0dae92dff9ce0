package dev.escqrs.core.port;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;

/**
 * Replaces an aggregate's stored row with one rebuilt from its events, writing no event. For repairs: a row that
 * cannot be read as the current state, or a row left behind the events by a write outside escqrs. Use it through
 * {@code CommandHandler.repair}, which folds the events first.
 */
public interface RewriteAggregate {
    /**
     * Writes {@code rebuilt} as the row, only if the stored events end exactly at its version and the row is absent or
     * not ahead of it; else nothing is written and {@code false} comes back (a command got there first, or the
     * history moved on: fold again).
     *
     * @param lastEventId the id of the event at {@code rebuilt}'s version
     */
    <S> boolean rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId);
}
