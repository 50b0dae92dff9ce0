package dev.escqrs.example.blogpost.http;

/** A refusal with an HTTP status, for what the domain does not know about (headers, routes, JSON). */
final class HttpError extends RuntimeException {
    final int status;
    final String code;

    HttpError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
