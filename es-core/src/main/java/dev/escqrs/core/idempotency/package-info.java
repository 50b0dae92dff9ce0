/**
 * Idempotency keys, in one vocabulary: a caller sends a command with an <em>idempotency key</em> (validated and hashed
 * by {@link dev.escqrs.core.idempotency.IdempotencyKeys}); the command's first event carries its
 * {@link dev.escqrs.core.idempotency.IdempotencyRecord}; the aggregate remembers the recent <em>keyed commands</em>
 * ({@link dev.escqrs.core.idempotency.KeyedCommand}), so that a repeat is answered with the first outcome and the same
 * key with another command is refused ({@link dev.escqrs.core.error.IdempotencyKeyReusedException}).
 */
package dev.escqrs.core.idempotency;
