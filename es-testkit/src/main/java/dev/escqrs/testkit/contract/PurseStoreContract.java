package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Deposited;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Opened;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.store.Histories;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link StoreParityContract} and {@link StoreRowsContract} share: a fresh store of the adapter for each test,
 * holding the testkit's purses, and the ways they write and run commands on it.
 */
abstract class PurseStoreContract {
    PurseStoreContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    protected Stores stores;
    private final EventIds ids = EventIds.seeded(Clock.systemUTC(), 11);

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.create(Purse.TYPES));
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    <S> CommandHandler<Command, Event, S> handler(AggregateType<Event, S> type, Decider<Command, Event, S> decider) {
        return CommandHandler.builder(type, decider)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
    }

    /** The same scenario pure and on a fresh store of this adapter. */
    <S> List<Scenario<Command, Event, S>> everywhere(AggregateType<Event, S> type, Decider<Command, Event, S> decider) {
        return List.of(Scenario.pure(type, decider), Scenario.onStore(type, decider, fixture()));
    }

    static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    /**
     * Writes a long history of the first release. By default through the store's own append in batches; a subclass
     * may write it faster where appends are slow on its test server, as long as it writes what appends would have.
     */
    protected <E, S> void writeLongHistory(Reducer<E, S> reducer, List<AggregateEvent<E>> events, Aggregate<S> last) {
        Histories.append(stores.eventStore(), reducer, events);
    }

    /** Writes a history of the first release: opened by ann, then the deposits. */
    String firstReleaseHistory(String... deposits) {
        String id = "purse-" + ids.next();
        List<AggregateEvent<Event>> events = new ArrayList<>();
        events.add(new AggregateEvent<>(
                ids.next(), "PurseOpened", Purse.NAME, id, 1, "ann", new Opened("ann"), EventMetadata.NONE));
        for (String amount : deposits) {
            events.add(new AggregateEvent<>(
                    ids.next(),
                    "PurseDeposited",
                    Purse.NAME,
                    id,
                    events.size() + 1,
                    "ann",
                    new Deposited(dec(amount)),
                    EventMetadata.NONE));
        }
        if (events.size() > 100) {
            writeLongHistory(
                    Reducer.of(PURSE, Purse.DECIDER),
                    events,
                    Reducer.of(PURSE, Purse.DECIDER)
                            .fold(Optional.empty(), events)
                            .orElseThrow());
        } else {
            Histories.append(stores.eventStore(), Reducer.of(PURSE, Purse.DECIDER), events);
        }
        return id;
    }
}
