package dev.escqrs.core.error;

/**
 * An event cannot be applied to an aggregate: it belongs to another aggregate, or its version leaves a gap or
 * repeats one. The reducer never applies such an event silently.
 */
public final class EventSequenceException extends EscqrsException {
    public EventSequenceException(String message) {
        super(message);
    }
}
