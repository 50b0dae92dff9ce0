package dev.escqrs.core.error;

/**
 * The store did not answer usefully (throttling, transaction conflicts inside the store, timeouts, server errors)
 * after the store's own retries. The message says whether the write is known not to have happened.
 */
public final class StoreUnavailableException extends EscqrsException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.UNAVAILABLE;
    }
}
