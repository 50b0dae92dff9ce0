/**
 * The ports an adapter implements: {@link dev.escqrs.core.port.EventStore} (with the two narrow ports a test fake
 * or a projector needs alone, {@link dev.escqrs.core.port.AppendEvents} and
 * {@link dev.escqrs.core.port.ReadAggregateEvents}), {@link dev.escqrs.core.port.AggregateReader},
 * {@link dev.escqrs.core.port.FeedDecoder} and {@link dev.escqrs.core.port.ChangeFeed}.
 */
package dev.escqrs.core.port;
