/**
 * Workflows across aggregates: a {@link dev.escqrs.core.reaction.Reaction} maps events to commands for other
 * aggregates, and a {@link dev.escqrs.core.reaction.Reactor} runs it as a durable projection under any runner (the
 * in-process {@code ProjectionRunner}, the Lambda stream handler, the KCL worker), sending each command with an
 * idempotency key derived from the event, so that at-least-once delivery has an exactly-once effect.
 */
package dev.escqrs.core.reaction;
