/**
 * Aggregates: {@link dev.escqrs.core.aggregate.AggregateType} (name, state and event types),
 * {@link dev.escqrs.core.aggregate.Aggregate} (metadata plus state) and the
 * {@link dev.escqrs.core.aggregate.Reducer} that folds events onto one and refuses gaps, repeats and foreign events.
 */
package dev.escqrs.core.aggregate;
