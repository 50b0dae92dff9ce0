/**
 * The ports an adapter implements: {@link dev.escqrs.core.port.EventStore} (built from the small role interfaces
 * {@link dev.escqrs.core.port.AppendEvents}, {@link dev.escqrs.core.port.ReadAggregateEvents},
 * {@link dev.escqrs.core.port.ReadEventsByName}), {@link dev.escqrs.core.port.AggregateReader},
 * {@link dev.escqrs.core.port.FeedDecoder} and {@link dev.escqrs.core.port.ChangeFeed}.
 */
package dev.escqrs.core.port;
