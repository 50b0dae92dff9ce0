package dev.escqrs.core.port;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.event.AggregateEvent;
import java.util.List;
import java.util.Objects;

/**
 * One atomic write: the events one command produced for one aggregate, and the aggregate as it stands after them.
 * Checked when built, so that no store ever sees a malformed batch: at least one and at most
 * {@value #MAX_EVENTS} events, all of this aggregate, versions contiguous and ending at the aggregate's
 * version.
 *
 * <p>{@value #MAX_EVENTS} is DynamoDB's 100 items per transaction minus the aggregate row. Every store
 * enforces it, so that code that runs on the in-memory store runs on DynamoDB too.
 *
 * <pre>{@code
 * store.append(new AppendBatch<>(BLOG_POST, aggregateAfter, List.of(created)));
 * }</pre>
 */
public record AppendBatch<E, S>(AggregateType<E, S> type, Aggregate<S> aggregate, List<AggregateEvent<E>> events) {
    /** The most events one batch holds: DynamoDB's 100 items per transaction, minus the aggregate row. */
    public static final int MAX_EVENTS = 99;

    public AppendBatch {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(events, "events");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new InvalidInputException(
                    "%s %s: an append needs at least one event".formatted(type.name(), aggregate.id()));
        }
        if (events.size() > MAX_EVENTS) {
            throw new InvalidInputException(("%s %s: %d events in one command; at most %d fit in one DynamoDB "
                            + "transaction beside the aggregate row")
                    .formatted(type.name(), aggregate.id(), events.size(), MAX_EVENTS));
        }
        long first = aggregate.version() - events.size() + 1;
        if (first < 1) {
            throw new InvalidInputException("%s %s: %d events cannot end at version %d"
                    .formatted(type.name(), aggregate.id(), events.size(), aggregate.version()));
        }
        for (int i = 0; i < events.size(); i++) {
            AggregateEvent<E> event = events.get(i);
            if (!event.aggregateName().equals(type.name())
                    || !event.aggregateId().equals(aggregate.id())) {
                throw new InvalidInputException("%s %s: event %s belongs to %s %s"
                        .formatted(
                                type.name(),
                                aggregate.id(),
                                event.eventId(),
                                event.aggregateName(),
                                event.aggregateId()));
            }
            if (event.aggregateVersion() != first + i) {
                throw new InvalidInputException(("%s %s: event %s is at version %d, expected %d (versions must be "
                                + "contiguous and end at the aggregate's version %d)")
                        .formatted(
                                type.name(),
                                aggregate.id(),
                                event.eventId(),
                                event.aggregateVersion(),
                                first + i,
                                aggregate.version()));
            }
        }
    }

    /**
     * The version the batch builds on: the aggregate's version before its events, which the store finds it at for
     * the batch to apply; 0 means it must not exist. (The caller's condition on a command is another number,
     * {@code CommandRequest.expectedVersion()}.)
     */
    public long baseVersion() {
        return aggregate.version() - events.size();
    }

    public String aggregateId() {
        return aggregate.id();
    }
}
