package dev.escqrs.core.port;

import java.util.Objects;

/**
 * An event of ours that a change feed could not decode (an event name this code does not know yet, a payload its
 * class cannot read): which aggregate and version it is, and why. A decoder built to park
 * ({@link dev.escqrs.core.projection.BadRecords#PARK}) delivers it beside the events, so that the projector parks the
 * aggregate at this version instead of stopping the read model or dropping the event.
 *
 * @param json the stored payload as JSON, for the operator who looks at it (may be empty)
 */
public record UnreadableEvent(
        String aggregateName,
        String aggregateId,
        long aggregateVersion,
        String eventId,
        String eventName,
        String reason,
        String json) {
    public UnreadableEvent {
        Objects.requireNonNull(aggregateName, "aggregateName");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(json, "json");
    }
}
