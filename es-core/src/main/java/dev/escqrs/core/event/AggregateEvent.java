package dev.escqrs.core.event;

import com.github.f4b6a3.ulid.Ulid;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.internal.PersonalFields;
import dev.escqrs.core.internal.StreamIds;
import java.time.Instant;
import java.util.Objects;

/**
 * The envelope of one stored domain event: who it belongs to, where it stands in its aggregate's history, who
 * caused it, and the typed payload.
 *
 * <p>{@code eventId} is a ULID: unique, and monotonic within a process; its time part is the event's time
 * ({@link #occurredAt()}). {@code aggregateVersion} counts the aggregate's events from 1 without gaps.
 *
 * <pre>{@code
 * AggregateEvent<BlogPostEvent> e = result.events().getFirst();
 * e.payload() instanceof BlogPostCreated created;  // the domain event
 * }</pre>
 *
 * @param <E> the payload type (usually an aggregate's sealed event interface)
 */
public record AggregateEvent<E>(
        String eventId,
        String eventName,
        String aggregateName,
        String aggregateId,
        long aggregateVersion,
        String actorId,
        E payload,
        EventMetadata metadata) {

    public AggregateEvent {
        Objects.requireNonNull(eventId, "eventId");
        if (!Ulid.isValid(eventId)) {
            throw new InvalidInputException("eventId '%s' is not a ULID".formatted(eventId));
        }
        Identifiers.requireValid("eventName", eventName);
        Identifiers.requireValid("aggregateName", aggregateName);
        Identifiers.requireValid("aggregateId", aggregateId);
        Identifiers.requireValid("actorId", actorId);
        if (aggregateVersion < 1) {
            throw new InvalidInputException("%s %s: aggregateVersion must be 1 or more, got %d"
                    .formatted(aggregateName, aggregateId, aggregateVersion));
        }
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
    }

    /** When the event happened: the time part of its ULID, to the millisecond. */
    public Instant occurredAt() {
        return Ulid.getInstant(eventId);
    }

    /** The key of this event's stream: {@code aggregateName#aggregateId}. */
    public String streamId() {
        return StreamIds.of(aggregateName, aggregateId);
    }

    /** The same envelope with another payload, for upcasting and codecs. */
    public <P> AggregateEvent<P> withPayload(P newPayload) {
        return new AggregateEvent<>(
                eventId, eventName, aggregateName, aggregateId, aggregateVersion, actorId, newPayload, metadata);
    }

    @Override
    public String toString() {
        // a marked payload shows its personal data nowhere, log lines included
        return "%s %s#%s v%d by %s: %s"
                .formatted(
                        eventName,
                        aggregateName,
                        aggregateId,
                        aggregateVersion,
                        actorId,
                        PersonalFields.redacted(payload));
    }
}
