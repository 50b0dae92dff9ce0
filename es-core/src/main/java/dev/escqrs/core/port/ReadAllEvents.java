package dev.escqrs.core.port;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.event.AggregateEvent;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every stored event, for building a read model from the store itself rather than from the change feed (which on
 * DynamoDB keeps records 24 hours). The store is read in segments that can be read in parallel; every aggregate's
 * events are in one segment, in version order. Lazy and paged: a large store is never held in memory at once. Close
 * the stream when done. Not promised: any order across aggregates, or that events appended during the read are in it.
 */
public interface ReadAllEvents {
    /**
     * The events of the aggregate types named in {@code aggregateNames}, in segment {@code segment} of
     * {@code totalSegments} (0-based).
     */
    Stream<AggregateEvent<Object>> allEvents(Set<String> aggregateNames, int segment, int totalSegments);

    /**
     * The same events as {@link #allEvents}, as they are stored, not decoded: for a reader that decodes them itself and
     * must not stop at an event it cannot decode (a runner that parks, {@code BadRecords.PARK}). Stores that cannot
     * throw {@link UnsupportedOperationException}; the runner then reads {@link #allEvents}.
     */
    default Stream<EncodedEvent> allEncodedEvents(Set<String> aggregateNames, int segment, int totalSegments) {
        throw new UnsupportedOperationException(getClass().getName() + " does not hand out its events undecoded");
    }

    /** The arguments' rule, one for every store. */
    static void requireValidSegment(Set<String> aggregateNames, int segment, int totalSegments) {
        if (aggregateNames == null || aggregateNames.isEmpty()) {
            throw new dev.escqrs.core.error.InvalidInputException("allEvents needs at least one aggregate name");
        }
        if (totalSegments < 1 || segment < 0 || segment >= totalSegments) {
            throw new dev.escqrs.core.error.InvalidInputException(
                    "segment must be from 0 to totalSegments - 1, with totalSegments 1 or more; got segment %d of %d"
                            .formatted(segment, totalSegments));
        }
    }
}
