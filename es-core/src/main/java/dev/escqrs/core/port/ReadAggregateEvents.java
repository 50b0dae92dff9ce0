package dev.escqrs.core.port;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;

import java.util.stream.Stream;

/** Reading one aggregate's history. */
public interface ReadAggregateEvents {
    /**
     * The aggregate's events with {@code aggregateVersion >= fromVersion}, in version order, read lazily: a store
     * fetches them page by page as the stream is consumed, so a long history never sits in memory at once. Empty when
     * the aggregate does not exist. The stream sees at least the events stored before the call.
     */
    <E> Stream<AggregateEvent<E>> events(AggregateType<?, E> type, String aggregateId, long fromVersion);

    /** All of the aggregate's events, in version order, lazily. */
    default <E> Stream<AggregateEvent<E>> events(AggregateType<?, E> type, String aggregateId) {
        return events(type, aggregateId, 1);
    }
}
