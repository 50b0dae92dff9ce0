package dev.escqrs.core.error;

/** A payload or aggregate state that cannot be turned into JSON, or stored JSON that cannot be read back. */
public final class SerializationException extends EscqrsException {
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }

    public SerializationException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.INVALID;
    }
}
