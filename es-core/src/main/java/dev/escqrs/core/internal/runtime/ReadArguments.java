package dev.escqrs.core.internal.runtime;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.internal.Identifiers;
import java.util.Set;

/** The argument checks every store makes on its reads, so that a bad read fails alike on every store. */
public final class ReadArguments {
    private ReadArguments() {}

    /** One aggregate's history: a valid id and a version of 1 or more. */
    public static void requireValidRead(AggregateType<?, ?> type, String aggregateId, long fromVersion) {
        Identifiers.requireValid("aggregateId", aggregateId);
        if (fromVersion < 1) {
            throw new InvalidInputException(
                    "%s %s: fromVersion must be 1 or more, got %d".formatted(type.name(), aggregateId, fromVersion));
        }
    }

    /** Every event, in segments: at least one aggregate name, and a segment from 0 to {@code totalSegments - 1}. */
    public static void requireValidSegment(Set<String> aggregateNames, int segment, int totalSegments) {
        if (aggregateNames == null || aggregateNames.isEmpty()) {
            throw new InvalidInputException("allEvents needs at least one aggregate name");
        }
        if (totalSegments < 1 || segment < 0 || segment >= totalSegments) {
            throw new InvalidInputException(
                    "segment must be from 0 to totalSegments - 1, with totalSegments 1 or more; got segment %d of %d"
                            .formatted(segment, totalSegments));
        }
    }
}
