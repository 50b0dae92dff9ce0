package dev.escqrs.core.error;

/**
 * A write that breaks one of the store's hard limits (DynamoDB: 400 KB per item, 4 MB per transaction, 100 items
 * per transaction). Checked before anything is sent; nothing was written.
 */
public final class LimitExceededException extends EscqrsException {
    public LimitExceededException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.INVALID;
    }
}
