/**
 * Command handling: {@link dev.escqrs.core.command.CommandHandler} runs a
 * {@link dev.escqrs.core.command.CommandRequest} through a decider with optimistic concurrency and a bounded
 * {@link dev.escqrs.core.command.RetryPolicy} for lost races.
 */
package dev.escqrs.core.command;
