/**
 * Not API: what escqrs's own modules share beyond the exported packages, at the bottom of es-core's layers (it uses
 * only {@code error} and {@code privacy}, and every API package may use it): the one way to count stored JSON
 * ({@link dev.escqrs.core.internal.StorableJson}), stream ids, the validation of ids and names, the personal-data marks
 * of a class, idempotency-key hashing, the rules every decision keeps, the waits between attempts and the log lines of
 * an outage. What needs the API packages (the store limits, the lease hold) is in
 * {@link dev.escqrs.core.internal.runtime}. {@code module-info} exports both only to the escqrs modules that import them
 * ({@code exports ... to}); on the module path no other module can read them, on the class path nothing stops an
 * import, so do not: they change in any release.
 */
package dev.escqrs.core.internal;
