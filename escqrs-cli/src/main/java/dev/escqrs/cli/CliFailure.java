package dev.escqrs.cli;

/** A failure the CLI reports as one line, without a stack trace (exit code 1). */
final class CliFailure extends RuntimeException {
    CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
