package dev.escqrs.core.port;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import java.util.stream.Stream;

/** Reading one aggregate's history. */
public interface ReadAggregateEvents {
    /**
     * The aggregate's events with {@code aggregateVersion >= fromVersion}, in version order, read lazily: a store
     * fetches them page by page as the stream is consumed, so a long history never sits in memory at once. Empty when
     * the aggregate does not exist. The stream sees at least the events stored before the call. A store that does not
     * answer, at the call or at a later page, throws {@link dev.escqrs.core.error.StoreUnavailableException}.
     */
    default <E> Stream<AggregateEvent<E>> events(AggregateType<E, ?> type, String aggregateId, long fromVersion) {
        return events(type, aggregateId, fromVersion, ReadConsistency.STRONG);
    }

    /**
     * As {@link #events(AggregateType, String, long)}, at the given consistency: {@link ReadConsistency#EVENTUAL}
     * halves the read cost on DynamoDB where the newest appends need not be seen. Never for deciding commands.
     */
    <E> Stream<AggregateEvent<E>> events(
            AggregateType<E, ?> type, String aggregateId, long fromVersion, ReadConsistency consistency);

    /** All of the aggregate's events, in version order, lazily. */
    default <E> Stream<AggregateEvent<E>> events(AggregateType<E, ?> type, String aggregateId) {
        return events(type, aggregateId, 1);
    }
}
