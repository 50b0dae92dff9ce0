/**
 * Tests for reactions: {@link dev.escqrs.testkit.reaction.ReactionScenario} (given events, when an event, then the
 * commands it calls for; pure) and {@link dev.escqrs.testkit.reaction.Redelivery} (every event delivered twice and
 * out of batch order through a real store: each effect once).
 */
package dev.escqrs.testkit.reaction;
