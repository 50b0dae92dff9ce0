package dev.escqrs.core.error;

/**
 * The root of every error escqrs raises. Unchecked: the caller decides where to handle it.
 * Each subclass says what went wrong, with the aggregate and versions involved, and every error says what kind of
 * failure it is ({@link #category()}) and whether the same request may succeed later ({@link #retryable()}), so that
 * an HTTP layer, a stream consumer or a reaction maps all of them by these two, as AWS's SDK errors are mapped by
 * {@code retryable()}, and only the few it treats specially by type.
 *
 * <pre>{@code
 * catch (EscqrsException e) {
 *     int status = switch (e.category()) {
 *         case INVALID -> 400; case NOT_FOUND -> 404; case CONFLICT, REFUSED -> 409;
 *         case UNAVAILABLE -> 503; case INTERNAL -> 500;
 *     };
 * }
 * }</pre>
 */
public class EscqrsException extends RuntimeException {
    /** What kind of failure an error is. */
    public enum Category {
        /** The request is wrong (an id, a key, a value no store can hold, a limit): sending it again fails again. */
        INVALID,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The aggregate is not as the request assumed (its version, its existence, an idempotency key's command). */
        CONFLICT,
        /** The domain refused the command ({@link DomainException}). */
        REFUSED,
        /** The store is unavailable, busy, or every attempt lost a race: the same request may succeed later. */
        UNAVAILABLE,
        /** Stored data, the configuration or the code is not as escqrs expects: an operator must look. */
        INTERNAL
    }

    public EscqrsException(String message) {
        super(message);
    }

    public EscqrsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What kind of failure this is; {@link Category#INTERNAL} unless a subclass says otherwise. */
    public Category category() {
        return Category.INTERNAL;
    }

    /** Whether the same request may succeed when sent again later: by default, when it is {@code UNAVAILABLE}. */
    public boolean retryable() {
        return category() == Category.UNAVAILABLE;
    }
}
