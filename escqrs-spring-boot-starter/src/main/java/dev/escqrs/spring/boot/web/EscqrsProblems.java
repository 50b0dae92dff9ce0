package dev.escqrs.spring.boot.web;

import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.dynamodb.table.MissingTableException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers every {@link EscqrsException} a controller lets through with an RFC 9457 problem detail
 * ({@code application/problem+json}), by its {@link EscqrsException#category() category}, as the example's HTTP service
 * does, so that an application on Guice and one on Spring answer alike:
 *
 * <table>
 *   <caption>Status and problem type by error</caption>
 *   <tr><th>Error</th><th>Status</th><th>type, after {@code https://escqrs.dev/problems/}</th></tr>
 *   <tr><td>{@code INVALID}</td><td>400</td><td>{@code invalid-input}</td></tr>
 *   <tr><td>{@code NOT_FOUND}</td><td>404</td><td>{@code not-found}</td></tr>
 *   <tr><td>{@link ConflictException} of kind {@code VERSION_MISMATCH}: a stale {@code If-Match}</td><td>412</td>
 *       <td>{@code version-mismatch}</td></tr>
 *   <tr><td>{@link IdempotencyKeyReusedException}</td><td>422</td><td>{@code idempotency-key-reused}</td></tr>
 *   <tr><td>every other {@code CONFLICT} (already exists, lost every race)</td><td>409</td><td>{@code conflict}</td></tr>
 *   <tr><td>{@code REFUSED} ({@link dev.escqrs.core.error.DomainException})</td><td>409</td><td>{@code refused}</td></tr>
 *   <tr><td>{@code UNAVAILABLE}</td><td>503, {@code Retry-After}</td><td>{@code unavailable}</td></tr>
 *   <tr><td>{@code INTERNAL}</td><td>500</td><td>{@code internal}</td></tr>
 * </table>
 *
 * <p>Why 412 and 422: a version mismatch is the expected version that {@code If-Match} carried found stale, which
 * RFC 9110 answers 412 Precondition Failed; a key used for another command is a well-formed request that cannot be
 * processed, which the IETF Idempotency-Key draft answers 422. Why a domain's refusal is 409 and not 422: the decider
 * refuses a command because of the aggregate's current state ("already published"), which is RFC 9110's 409 Conflict
 * with the state of the target resource; the same command may pass on another aggregate. The example's service
 * answers 409 too.
 *
 * <p>{@code detail} is the error's message, which names the aggregate and the versions
 * ({@code BlogPost 01J... version mismatch: expected 1, got 2}); extension members carry them for programs:
 * {@code aggregate}, {@code aggregateId}, {@code expectedVersion} and {@code actualVersion} where the error knows them,
 * and {@code retryable} ({@link EscqrsException#retryable()}) always. Two categories keep their message out of the
 * response, for it speaks of the service's insides: {@code UNAVAILABLE} (the store's text, an AWS request id) is
 * logged as one line, and {@code INTERNAL} is logged with its stack trace; the client reads "see the service log".
 * {@code Retry-After} is 1 second, 30 when a table is missing (a deployment's error, not a busy store).
 *
 * <p>Also answers {@link CommandHeaderException}, a missing or malformed {@code If-Match} or {@code Idempotency-Key}.
 *
 * <p>Ordered first among the application's advice (order 0, as Boot's own problem details handler), so that a
 * catch-all {@code @ExceptionHandler(Exception.class)} does not turn these into 500s; a controller's own
 * {@code @ExceptionHandler} methods still come first. To answer some errors otherwise (a domain's
 * {@code InvalidTitleException} as 400, say), declare a bean of a subclass that overrides
 * {@link #problemDetail(EscqrsException)}: the auto-configured one backs off. {@code escqrs.web.problems.enabled=false}
 * switches it off.
 */
@RestControllerAdvice
@Order(0)
public class EscqrsProblems {
    private static final Log LOG = LogFactory.getLog(EscqrsProblems.class);

    /** The problem detail for {@code error}, with its headers ({@code Retry-After} for a 503). */
    @ExceptionHandler
    public ResponseEntity<ProblemDetail> escqrsError(EscqrsException error, HttpServletRequest request) {
        ProblemDetail problem = problemDetail(error);
        setInstance(problem, request);
        HttpHeaders headers = new HttpHeaders();
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            headers.set(HttpHeaders.RETRY_AFTER, error instanceof MissingTableException ? "30" : "1");
        }
        if (error.category() == EscqrsException.Category.UNAVAILABLE) {
            // one line, no stack trace: the store being down is no bug of the application's
            LOG.warn("%s %s: store unavailable: %s"
                    .formatted(request.getMethod(), request.getRequestURI(), firstLine(error)));
        } else if (error.category() == EscqrsException.Category.INTERNAL) {
            LOG.error("%s %s failed".formatted(request.getMethod(), request.getRequestURI()), error);
        }
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    /** A missing or malformed {@code If-Match} or {@code Idempotency-Key}. */
    @ExceptionHandler
    public ResponseEntity<ProblemDetail> commandHeader(CommandHeaderException error, HttpServletRequest request) {
        ProblemDetail problem = error.getBody();
        setInstance(problem, request);
        return ResponseEntity.status(error.getStatusCode())
                .headers(error.getHeaders())
                .body(problem);
    }

    /**
     * The problem detail for {@code error}: status, type, title, detail and extension members, as the class comment
     * says. Override to answer some errors otherwise, calling this method for the rest.
     */
    protected ProblemDetail problemDetail(EscqrsException error) {
        ProblemType type = switch (error.category()) {
            case INVALID -> ProblemType.INVALID_INPUT;
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case CONFLICT ->
                error instanceof ConflictException conflict
                                && conflict.kind() == ConflictException.Kind.VERSION_MISMATCH
                        ? ProblemType.VERSION_MISMATCH
                        : error instanceof IdempotencyKeyReusedException
                                ? ProblemType.IDEMPOTENCY_KEY_REUSED
                                : ProblemType.CONFLICT;
            case REFUSED -> ProblemType.REFUSED;
            case UNAVAILABLE -> ProblemType.UNAVAILABLE;
            case INTERNAL -> ProblemType.INTERNAL;
        };
        String detail = switch (error.category()) {
            case UNAVAILABLE ->
                error instanceof MissingTableException
                        ? "a table of the store does not exist; whoever runs the service must create it; see the service log"
                        : "the store is busy or unreachable; try again shortly";
            case INTERNAL -> "the request failed; see the service log";
            default -> error.getMessage();
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status, detail);
        problem.setType(type.type);
        problem.setTitle(type.title);
        switch (error) {
            case ConflictException conflict -> {
                problem.setProperty("aggregate", conflict.aggregateName());
                problem.setProperty("aggregateId", conflict.aggregateId());
                problem.setProperty("expectedVersion", conflict.expectedVersion());
                conflict.actualVersion().ifPresent(actual -> problem.setProperty("actualVersion", actual));
            }
            case IdempotencyKeyReusedException reused -> {
                problem.setProperty("aggregate", reused.aggregateName());
                problem.setProperty("aggregateId", reused.aggregateId());
            }
            case NotFoundException notFound -> {
                problem.setProperty("aggregate", notFound.aggregateName());
                problem.setProperty("aggregateId", notFound.aggregateId());
            }
            default -> {
                // no aggregate to name
            }
        }
        problem.setProperty("retryable", error.retryable());
        return problem;
    }

    /** The request's path as the occurrence's {@code instance}, unless the path is no URI (then none). */
    private static void setInstance(ProblemDetail problem, HttpServletRequest request) {
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException unparsable) {
            // an instance is optional in RFC 9457
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
