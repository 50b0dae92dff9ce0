/**
 * escqrs's web layer for Spring MVC applications, the same HTTP rules as the example's service: errors as RFC 9457
 * problem details by their category ({@link dev.escqrs.spring.boot.web.EscqrsProblems}), {@code If-Match} as an
 * {@link dev.escqrs.spring.boot.web.ExpectedVersion}, {@code Idempotency-Key} as an
 * {@link dev.escqrs.spring.boot.web.IdempotencyKey} (controller parameters), and {@code ETag} and
 * {@code Idempotent-Replayed} from a command's result ({@link dev.escqrs.spring.boot.web.CommandResponses}).
 * Auto-configured when Spring MVC is on the class path.
 */
package dev.escqrs.spring.boot.web;
