package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;

import java.util.stream.Stream;

/** Reading events of one kind across all aggregates. */
public interface ReadEventsByName {
    /**
     * Every stored event named {@code eventName}, across aggregates, in {@code eventId} order (time order; events of
     * one process in the order they were created), lazily. May lag behind appends where the store's index is
     * eventually consistent (DynamoDB's GSI).
     */
    Stream<AggregateEvent<Object>> eventsByName(String eventName);
}
