/**
 * Events: the {@link dev.escqrs.core.event.AggregateEvent} envelope, its ids ({@link dev.escqrs.core.event.EventIds},
 * ULIDs whose time is the event time), and the {@link dev.escqrs.core.event.EventTypes} registry that maps stored
 * event names to payload records, with upcasters for older schema versions.
 */
package dev.escqrs.core.event;
