package dev.escqrs.core.port;

import dev.escqrs.core.aggregate.AggregateType;
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

    /**
     * As {@link #eventsByName(String)}, reading the events at the given consistency: {@link ReadConsistency#EVENTUAL}
     * halves the cost of fetching them on DynamoDB. The listing itself (DynamoDB's index) is eventually consistent
     * either way. A store with one consistency ignores it.
     */
    default Stream<AggregateEvent<Object>> eventsByName(String eventName, ReadConsistency consistency) {
        return eventsByName(eventName);
    }

    /**
     * The stored events of {@code type} whose payload is {@code payloadClass} (one of the type's registered events),
     * typed, in {@code eventId} order: {@link #eventsByName(String)} under the registered name and under every name
     * it was renamed from ({@code EventTypes.Builder.alias}), merged, narrowed to this aggregate type (two types may
     * share an event name).
     *
     * <pre>{@code
     * try (Stream<AggregateEvent<BlogPostPublished>> published = store.eventsByName(BLOG_POST, BlogPostPublished.class)) {
     *     ...
     * }
     * }</pre>
     */
    default <E, P extends E> Stream<AggregateEvent<P>> eventsByName(AggregateType<E, ?> type, Class<P> payloadClass) {
        String name = type.event(payloadClass).name();
        Stream<AggregateEvent<Object>> all = eventsByName(name);
        for (String old : type.events().aliasesOf(name)) {
            all = ByEventId.merge(all, eventsByName(old));
        }
        return all.filter(event -> event.aggregateName().equals(type.name()))
                .map(event -> event.withPayload(payloadClass.cast(event.payload())));
    }
}
