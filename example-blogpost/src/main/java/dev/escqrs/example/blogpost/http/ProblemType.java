package dev.escqrs.example.blogpost.http;

import java.net.URI;
import java.util.Locale;

/**
 * The problems the service answers with: a code, a type URI and a title each. The code is the {@code error} member
 * that clients written before problem details read; the type is {@value #BASE} and the code with {@code -} for
 * {@code _}. For the problems the Spring Boot starter answers too (its {@code dev.escqrs.spring.boot.web.ProblemType}),
 * the name and the title are the starter's, so that an application on Guice and one on Spring answer alike.
 */
enum ProblemType {
    // the starter's too
    INVALID_INPUT("Invalid input"),
    NOT_FOUND("Not found"),
    CONFLICT("Conflict"),
    VERSION_MISMATCH("Version mismatch"),
    IDEMPOTENCY_KEY_REUSED("Idempotency key reused"),
    REFUSED("Refused"),
    UNAVAILABLE("Unavailable"),
    INTERNAL("Internal error"),
    PRECONDITION_REQUIRED("Precondition required"),
    WEAK_ETAG("Weak entity tag"),
    INVALID_IF_MATCH("Invalid If-Match"),
    INVALID_IDEMPOTENCY_KEY("Invalid Idempotency-Key"),
    // the example's own: its domain's refusals, authentication, and what Javalin and Jetty refuse
    INVALID_TITLE("Invalid title"),
    INVALID_PROFILE("Invalid profile"),
    AUTHOR_FORGOTTEN("Author forgotten"),
    FORBIDDEN("Forbidden"),
    ALREADY_PUBLISHED("Already published"),
    UNAUTHENTICATED("Unauthenticated"),
    INVALID_TOKEN("Invalid token"),
    INVALID_CREDENTIALS("Invalid credentials"),
    INVALID_JSON("Invalid JSON"),
    INVALID_QUERY("Invalid query"),
    INVALID_LIMIT("Invalid limit"),
    INVALID_CURSOR("Invalid cursor"),
    INVALID_WAIT_FOR("Invalid waitFor"),
    READ_MODEL_BEHIND("Read model behind"),
    UNSUPPORTED_MEDIA_TYPE("Unsupported media type"),
    TIMEOUT("Request timeout"),
    TOO_LARGE("Content too large"),
    URI_TOO_LONG("URI too long"),
    HEADERS_TOO_LARGE("Headers too large"),
    BAD_REQUEST("Bad request"),
    INVALID_REQUEST("Invalid request"),
    NO_ROUTE("No route"),
    METHOD_NOT_ALLOWED("Method not allowed");

    /** Where every type URI starts, as the starter's do. */
    static final String BASE = "https://escqrs.dev/problems/";

    /** The {@code error} member: {@code version_mismatch}. */
    final String code;
    /** The {@code type} member: {@code https://escqrs.dev/problems/version-mismatch}. */
    final URI type;
    /** The {@code title} member, the same for every occurrence. */
    final String title;

    ProblemType(String title) {
        this.code = name().toLowerCase(Locale.ROOT);
        this.type = URI.create(BASE + code.replace('_', '-'));
        this.title = title;
    }
}
