/** The {@link dev.escqrs.core.decider.Decider}: a domain written as pure decide and evolve functions. */
package dev.escqrs.core.decider;
