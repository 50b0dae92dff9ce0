package dev.escqrs.core.port;

/**
 * The event store: atomic, version-checked appends of an aggregate's events together with its new state, and reads
 * of the history. Implementations: {@code InMemoryEventStore}, {@code DynamoDbEventStore}. Both pass the
 * port contracts in es-testkit ({@code AppendContract}, {@code ReadEventsContract}, {@code EventsByNameContract},
 * {@code ChangeFeedContract}), which are the executable form of this contract.
 *
 * <p>Not promised: ordering across aggregates beyond {@link ReadEventsByName}'s ULID order, or reads that see
 * appends still in flight.
 */
public interface EventStore
        extends AppendEvents, ReadAggregateEvents, ReadEventsByName, ReadAllEvents, RewriteAggregate {}
