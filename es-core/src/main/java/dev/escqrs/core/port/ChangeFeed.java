package dev.escqrs.core.port;

/**
 * The stream of appended events, for read models and other consumers.
 *
 * <p>Promised: every event appended is delivered at least once after any checkpoint that precedes it; one
 * aggregate's events arrive in version order. Not promised: order across aggregates, exactly once (a consumer may
 * see an event again after a restart or a failed handler; keep the last version applied per aggregate and skip
 * what is not newer), or how soon an event shows up. {@code dev.escqrs.core.feed.FeedSubscription} delivers a
 * feed to a handler in the background, for a named consumer with a stored checkpoint or from a checkpoint given.
 */
public interface ChangeFeed {
    /**
     * The next events after {@code after}, at most about {@code maxEvents} of them (a store may return more to keep
     * one transaction's events together). Does not wait: an empty batch means nothing new yet.
     */
    FeedBatch read(Checkpoint after, int maxEvents);

    /**
     * A position from which reading misses no event appended after this call: what a projection captures before it
     * backfills from the event store, so that events written during the backfill reach it through the feed. It may lie
     * before events appended earlier (they then arrive as repeats, which projections skip). The in-memory feed gives
     * its exact end; DynamoDB's gives the oldest record its stream still holds (streams have no "now" that a
     * checkpoint could name), so a projection re-reads up to 24 hours of records once, as repeats.
     */
    Checkpoint head();

    /**
     * Whether reading from {@link Checkpoint#START} gives every event ever appended: the change-feed index and the
     * in-memory store do, a DynamoDB Stream does not (it keeps 24 hours). A runner may then catch up from the feed
     * alone ({@code ProjectionRunner.Builder.catchUpFromFeed()}).
     */
    default boolean keepsEveryEvent() {
        return false;
    }
}
