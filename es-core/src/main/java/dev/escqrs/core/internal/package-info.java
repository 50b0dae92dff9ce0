/**
 * Not API: what escqrs's own modules share beyond the exported packages. The limits every store enforces and the one
 * way to count sizes ({@link dev.escqrs.core.internal.StoreLimits}), stream ids, the validation of ids and names,
 * idempotency-key hashing, the rules every decision keeps, and the waits between attempts. Exported only to
 * escqrs's modules (the module path enforces it; on the class path, do not import it): it changes in any release.
 */
package dev.escqrs.core.internal;
