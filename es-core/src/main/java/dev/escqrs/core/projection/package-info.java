/**
 * Read models: a {@link dev.escqrs.core.projection.Projection} fed in each aggregate's version order by a
 * {@link dev.escqrs.core.projection.Projector} (repeats skipped, gaps filled from the store), kept up to date by a
 * {@link dev.escqrs.core.projection.ProjectionRunner} that catches up from the event store and then follows the
 * change feed.
 */
package dev.escqrs.core.projection;
