package dev.escqrs.example.blogpost.http;

/** A request that is not authenticated: answered with 401 and {@code WWW-Authenticate: Bearer}. */
final class Unauthenticated extends RuntimeException {
    private final ProblemType type;

    Unauthenticated(ProblemType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    /** {@code unauthenticated} (no credentials), or {@code invalid_token} (a token that does not verify). */
    ProblemType type() {
        return type;
    }
}
