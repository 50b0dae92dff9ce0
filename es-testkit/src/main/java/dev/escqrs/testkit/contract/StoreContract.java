package dev.escqrs.testkit.contract;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.State;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contracts share: a fresh store per test from {@link #fixture()}, closed after it, and the
 * {@link Account} helpers that write and read its histories. Each contract covers one capability of the ports
 * ({@link AppendContract}, {@link ReadEventsContract}, {@link EventsByNameContract}, {@link ChangeFeedContract}) and
 * runs only on a fixture that declares it. An adapter subclasses each contract it supports, for instance as
 * {@code @Nested} classes of one test class:
 *
 * <pre>{@code
 * class InMemoryContractsTest {
 *     static final StoreFixture MEMORY = StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec)));
 *
 *     @Nested class Appends extends AppendContract { protected StoreFixture fixture() { return MEMORY; } }
 *     @Nested class Reads extends ReadEventsContract { protected StoreFixture fixture() { return MEMORY; } }
 * }
 * }</pre>
 *
 * Reads that may lag (the change feed, events by name) are awaited with a generous timeout; nothing here measures
 * speed.
 */
public abstract class StoreContract {
    protected StoreContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** The capability this contract proves. */
    abstract StoreFixture.Capability capability();

    protected Stores stores;
    final EventIds ids = EventIds.seeded(java.time.Clock.systemUTC(), 7);

    @BeforeEach
    void createStore() {
        StoreFixture fixture = fixture();
        if (!fixture.capabilities().contains(capability())) {
            throw new IllegalStateException("%s runs the %s contract, but fixture '%s' declares only %s: run this "
                            .formatted(getClass().getName(), capability(), fixture.name(), fixture.capabilities())
                    + "contract only for stores that support it");
        }
        stores = fixture.create(JsonCodec.create(Account.TYPES));
    }

    @AfterEach
    void releaseStore() {
        if (stores != null) {
            stores.close();
        }
    }

    /** Appends {@code payloads} to {@code id} of {@code type} as one batch after the stored version, and returns it. */
    List<AggregateEvent<Event>> append(AggregateType<Event, State> type, String id, Event... payloads) {
        Optional<Aggregate<State>> current = stores.reader().read(type, id);
        return appendAfter(type, id, current, payloads);
    }

    List<AggregateEvent<Event>> appendAfter(
            AggregateType<Event, State> type, String id, Optional<Aggregate<State>> current, Event... payloads) {
        List<AggregateEvent<Event>> events =
                envelopes(type, id, current.map(Aggregate::version).orElse(0L), payloads);
        Aggregate<State> next = Account.reducer(type).fold(current, events).orElseThrow();
        stores.eventStore().append(new AppendBatch<>(type, next, events));
        return events;
    }

    List<AggregateEvent<Event>> envelopes(AggregateType<Event, ?> type, String id, long after, Event... payloads) {
        List<AggregateEvent<Event>> events = new ArrayList<>();
        long version = after;
        for (Event payload : payloads) {
            events.add(new AggregateEvent<>(
                    ids.next(),
                    Account.TYPES.byPayloadClass(payload.getClass()).name(),
                    type.name(),
                    id,
                    ++version,
                    "actor-" + version,
                    payload,
                    EventMetadata.NONE.withCorrelationId("corr-" + id)));
        }
        return events;
    }

    List<AggregateEvent<Event>> stored(AggregateType<Event, State> type, String id) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(type, id)) {
            return events.toList();
        }
    }

    static Set<String> ids(List<? extends AggregateEvent<?>> events) {
        return events.stream()
                .map(AggregateEvent::eventId)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
