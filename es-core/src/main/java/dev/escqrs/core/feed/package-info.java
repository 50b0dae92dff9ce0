/**
 * Consuming a {@link dev.escqrs.core.port.ChangeFeed}: {@link dev.escqrs.core.feed.FeedHandler} and the
 * {@link dev.escqrs.core.feed.PollingSubscription} that drives it, at least once, checkpointing after success.
 */
package dev.escqrs.core.feed;
