package dev.escqrs.core.error;

/**
 * An argument that escqrs refuses before doing anything: a blank or oversized id, a negative version,
 * a batch over a store's limit. Nothing was written.
 */
public final class InvalidInputException extends EscqrsException {
    public InvalidInputException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.INVALID;
    }
}
