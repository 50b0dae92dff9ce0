package dev.escqrs.spring.boot.web;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A command's header ({@code If-Match}, {@code Idempotency-Key}) that the request lacks or that is malformed: 400,
 * 412 (a weak {@code If-Match}) or 428 (no {@code If-Match}), with a problem detail that says what to send. An
 * {@link ErrorResponseException}, so that Spring MVC answers it with its status even where {@link EscqrsProblems} is
 * switched off.
 */
public final class CommandHeaderException extends ErrorResponseException {
    CommandHeaderException(ProblemType problem, String detail) {
        super(problem.status, problemDetail(problem, detail), null);
    }

    private static ProblemDetail problemDetail(ProblemType problem, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status, detail);
        body.setType(problem.type);
        body.setTitle(problem.title);
        return body;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
