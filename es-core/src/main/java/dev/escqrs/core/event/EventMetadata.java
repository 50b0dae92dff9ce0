package dev.escqrs.core.event;

import dev.escqrs.core.spi.Identifiers;

import java.util.Objects;
import java.util.Optional;

/**
 * Optional tracing ids an event carries: the correlation id of the conversation it belongs to and the id of the
 * message (command or event) that caused it.
 *
 * <pre>{@code
 * EventMetadata m = EventMetadata.NONE.withCorrelationId(requestId).withCausationId(commandId);
 * }</pre>
 */
public record EventMetadata(Optional<String> correlationId, Optional<String> causationId) {
    /** No correlation and no causation id. */
    public static final EventMetadata NONE = new EventMetadata(Optional.empty(), Optional.empty());

    public EventMetadata {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
        correlationId.ifPresent(id -> Identifiers.requireValid("correlationId", id));
        causationId.ifPresent(id -> Identifiers.requireValid("causationId", id));
    }

    public EventMetadata withCorrelationId(String id) {
        return new EventMetadata(Optional.of(id), causationId);
    }

    public EventMetadata withCausationId(String id) {
        return new EventMetadata(correlationId, Optional.of(id));
    }
}
