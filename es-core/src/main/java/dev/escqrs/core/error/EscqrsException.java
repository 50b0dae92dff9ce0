package dev.escqrs.core.error;

/**
 * The root of every error escqrs raises. Unchecked: the caller decides where to handle it.
 * Each subclass says what went wrong, with the aggregate and versions involved.
 */
public class EscqrsException extends RuntimeException {
    public EscqrsException(String message) {
        super(message);
    }

    public EscqrsException(String message, Throwable cause) {
        super(message, cause);
    }
}
