/**
 * Consuming a {@link dev.escqrs.core.port.ChangeFeed}: {@link dev.escqrs.core.feed.FeedHandler} and the
 * {@link dev.escqrs.core.feed.FeedSubscription} that drives it, at least once, checkpointing after success (the one
 * way to consume a feed outside a read model; read models run under a {@code ProjectionRunner}).
 */
package dev.escqrs.core.feed;
