package dev.escqrs.spring.boot.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** The problems the web layer answers with: a stable type URI, a status and a title each. */
enum ProblemType {
    INVALID_INPUT(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),
    VERSION_MISMATCH(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Version mismatch"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused"),
    REFUSED(HttpStatus.CONFLICT, "refused", "Refused"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Unavailable"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error"),
    PRECONDITION_REQUIRED(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "Precondition required"),
    WEAK_ETAG(HttpStatus.PRECONDITION_FAILED, "weak-etag", "Weak entity tag"),
    INVALID_IF_MATCH(HttpStatus.BAD_REQUEST, "invalid-if-match", "Invalid If-Match"),
    INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key");

    /** Where every type URI starts; the last segment names the problem, as docs/spring-boot.md lists them. */
    static final String BASE = "https://escqrs.dev/problems/";

    final HttpStatus status;
    final URI type;
    final String title;

    ProblemType(HttpStatus status, String name, String title) {
        this.status = status;
        this.type = URI.create(BASE + name);
        this.title = title;
    }
}
