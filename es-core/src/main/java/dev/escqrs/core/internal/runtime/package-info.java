/**
 * Not API: the internal parts that stand on es-core's API packages, above {@code port} and below {@code projection}:
 * the limits every store enforces ({@link dev.escqrs.core.internal.runtime.StoreLimits}) and the lease hold of a
 * runner or an indexer ({@link dev.escqrs.core.internal.runtime.LeaseHold}). Exported only to es-dynamodb,
 * es-inmemory and es-testkit.
 */
package dev.escqrs.core.internal.runtime;
