package dev.escqrs.example.blogpost.http;

/** A refusal with an HTTP status, for what the domain does not know about (headers, routes, JSON). */
final class HttpError extends RuntimeException {
    final int status;
    final ProblemType type;

    HttpError(int status, ProblemType type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }
}
