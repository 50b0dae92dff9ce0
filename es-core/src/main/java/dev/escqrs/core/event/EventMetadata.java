package dev.escqrs.core.event;

import dev.escqrs.core.internal.Identifiers;

import java.util.Objects;
import java.util.Optional;

/**
 * What an event carries besides its payload: the correlation id of the conversation it belongs to, the id of the
 * message (command or event) that caused it, and, on the first event of a command sent with an idempotency key, that
 * key's {@link CommandKey} (set by the command handler, not by callers).
 *
 * <pre>{@code
 * EventMetadata m = EventMetadata.NONE.withCorrelationId(requestId).withCausationId(commandId);
 * }</pre>
 */
public record EventMetadata(Optional<String> correlationId, Optional<String> causationId,
                            Optional<CommandKey> commandKey) {
    /** No correlation and no causation id. */
    public static final EventMetadata NONE = new EventMetadata(Optional.empty(), Optional.empty());

    public EventMetadata {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(commandKey, "commandKey");
        correlationId.ifPresent(id -> Identifiers.requireValid("correlationId", id));
        causationId.ifPresent(id -> Identifiers.requireValid("causationId", id));
    }

    /** Metadata without a command key. */
    public EventMetadata(Optional<String> correlationId, Optional<String> causationId) {
        this(correlationId, causationId, Optional.empty());
    }

    public EventMetadata withCorrelationId(String id) {
        return new EventMetadata(Optional.of(id), causationId, commandKey);
    }

    public EventMetadata withCausationId(String id) {
        return new EventMetadata(correlationId, Optional.of(id), commandKey);
    }

    /** This metadata with the key of the command whose first event it is on. */
    public EventMetadata withCommandKey(CommandKey key) {
        return new EventMetadata(correlationId, causationId, Optional.of(key));
    }

    /** This metadata without a command key: what the command's later events carry. */
    public EventMetadata withoutCommandKey() {
        return commandKey.isEmpty() ? this : new EventMetadata(correlationId, causationId, Optional.empty());
    }
}
