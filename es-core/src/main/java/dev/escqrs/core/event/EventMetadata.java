package dev.escqrs.core.event;

import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.idempotency.IdempotencyRecord;
import dev.escqrs.core.internal.Identifiers;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an event carries besides its payload: the correlation id of the conversation it belongs to, the id of the
 * message (command or event) that caused it, on the first event of a keyed command (one sent with an idempotency key) its
 * {@link IdempotencyRecord} (set by the command handler, not by callers), and, when the command was traced, the W3C
 * {@code traceparent} of its span (set by the handler's {@code CommandTracer}), so that those who apply the event
 * continue the trace.
 *
 * <pre>{@code
 * EventMetadata m = EventMetadata.NONE.withCorrelationId(requestId).withCausationId(commandId);
 * }</pre>
 */
public record EventMetadata(
        Optional<String> correlationId,
        Optional<String> causationId,
        Optional<IdempotencyRecord> idempotencyRecord,
        Optional<String> traceParent) {
    /** A W3C trace context {@code traceparent}: version, trace id, parent (span) id, flags, in lower-case hex. */
    private static final Pattern TRACE_PARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** No correlation and no causation id. */
    public static final EventMetadata NONE = new EventMetadata(Optional.empty(), Optional.empty());

    public EventMetadata {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(idempotencyRecord, "idempotencyRecord");
        Objects.requireNonNull(traceParent, "traceParent");
        traceParent.ifPresent(EventMetadata::requireTraceParent);
        correlationId.ifPresent(id -> Identifiers.requireValid("correlationId", id));
        causationId.ifPresent(id -> Identifiers.requireValid("causationId", id));
    }

    /** Metadata without an idempotency record and without a trace. */
    public EventMetadata(Optional<String> correlationId, Optional<String> causationId) {
        this(correlationId, causationId, Optional.empty(), Optional.empty());
    }

    /** Metadata without a trace. */
    public EventMetadata(
            Optional<String> correlationId,
            Optional<String> causationId,
            Optional<IdempotencyRecord> idempotencyRecord) {
        this(correlationId, causationId, idempotencyRecord, Optional.empty());
    }

    public EventMetadata withCorrelationId(String id) {
        return new EventMetadata(Optional.of(id), causationId, idempotencyRecord, traceParent);
    }

    public EventMetadata withCausationId(String id) {
        return new EventMetadata(correlationId, Optional.of(id), idempotencyRecord, traceParent);
    }

    /** This metadata with the idempotency record of the keyed command whose first event it is on. */
    public EventMetadata withIdempotencyRecord(IdempotencyRecord record) {
        return new EventMetadata(correlationId, causationId, Optional.of(record), traceParent);
    }

    /**
     * This metadata with the W3C {@code traceparent} of the span that produced the event, e.g.
     * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}.
     *
     * @throws InvalidInputException it is not a W3C traceparent
     */
    public EventMetadata withTraceParent(String traceParent) {
        return new EventMetadata(correlationId, causationId, idempotencyRecord, Optional.of(traceParent));
    }

    /** Whether {@code traceParent} is a W3C traceparent (version-traceid-spanid-flags, lower-case hex). */
    public static boolean isTraceParent(String traceParent) {
        return TRACE_PARENT.matcher(traceParent).matches();
    }

    private static void requireTraceParent(String traceParent) {
        if (!isTraceParent(traceParent)) {
            throw new InvalidInputException(("traceParent '%s' is not a W3C traceparent (version-traceid-spanid-flags "
                            + "in lower-case hex, e.g. 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01)")
                    .formatted(traceParent.length() > 80 ? traceParent.substring(0, 80) + "..." : traceParent));
        }
    }
}
