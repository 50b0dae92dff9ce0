/**
 * Not API: what escqrs's own modules share beyond the exported packages. The limits every store enforces and the one
 * way to count sizes ({@link dev.escqrs.core.internal.StoreLimits}, {@link dev.escqrs.core.internal.StorableJson}),
 * stream ids, the validation of ids and names, idempotency-key hashing, the rules every decision keeps, the waits
 * between attempts and the log lines of an outage. {@code module-info} exports it only to the escqrs modules that
 * import it ({@code exports ... to}: es-dynamodb, es-dynamodb-kcl, es-inmemory, es-testkit, escqrs-cli); on the module
 * path no other module can read it, on the class path nothing stops an import, so do not: it changes in any release.
 */
package dev.escqrs.core.internal;
