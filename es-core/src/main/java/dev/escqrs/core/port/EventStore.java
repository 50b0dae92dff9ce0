package dev.escqrs.core.port;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.event.AggregateEvent;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The event store: atomic, version-checked appends of an aggregate's events together with its new state, and reads
 * of the history. Implementations: {@code InMemoryEventStore}, {@code DynamoDbEventStore}. Both pass the
 * port contracts in es-testkit ({@code AppendContract}, {@code ReadEventsContract}, {@code EventsByNameContract},
 * {@code ChangeFeedContract}), which are the executable form of this contract.
 *
 * <p>Not promised: ordering across aggregates beyond {@link #eventsByName(String)}'s ULID order, or reads that see
 * appends still in flight.
 */
public interface EventStore extends AppendEvents, ReadAggregateEvents {
    /**
     * Every stored event of the aggregate types named in {@code aggregateNames}, in segment {@code segment} of
     * {@code totalSegments} (0-based): for building a read model from the store itself rather than from the change
     * feed (which on DynamoDB keeps records 24 hours). Segments can be read in parallel; every aggregate's events are
     * in one segment, in version order. Lazy and paged: a large store is never held in memory at once. Close the
     * stream when done. Not promised: any order across aggregates, or that events appended during the read are in it.
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

    /**
     * Replaces an aggregate's stored row with one rebuilt from its events, writing no event: for repairs, a row that
     * cannot be read as the current state, or a row left behind the events by a write outside escqrs. Use it through
     * {@code CommandHandler.repair}, which folds the events first. Writes {@code rebuilt} as the row, only if the stored events end exactly at its version and the row is absent or
     * not ahead of it; else nothing is written and {@code false} comes back (a command got there first, or the
     * history moved on: fold again).
     *
     * @param lastEventId the id of the event at {@code rebuilt}'s version
     */
    <S> boolean rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId);
}
