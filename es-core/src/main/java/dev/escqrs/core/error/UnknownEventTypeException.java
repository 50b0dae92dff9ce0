package dev.escqrs.core.error;

import java.util.Collection;
import java.util.List;

/** An event name, or a payload class, that was never registered. The message lists the registered names. */
public final class UnknownEventTypeException extends EscqrsException {
    private final String eventName;

    public UnknownEventTypeException(String eventName, Collection<String> known) {
        super("unknown event name '%s'; registered names are %s".formatted(eventName, List.copyOf(known)));
        this.eventName = eventName;
    }

    public UnknownEventTypeException(Class<?> payloadType, Collection<String> known) {
        super("payload class %s is not registered as an event type; registered names are %s"
                .formatted(payloadType.getName(), List.copyOf(known)));
        this.eventName = payloadType.getSimpleName();
    }

    public String eventName() {
        return eventName;
    }
}
