package dev.escqrs.testkit.contract;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.State;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What a {@link StoreContract}'s {@code @Nested} groups in files of their own share: the store of the test that runs
 * them, and the contract's helpers that write and read its histories.
 */
abstract class StoreGroup {
    private final StoreContract contract;
    Stores stores;
    final EventIds ids;

    StoreGroup(StoreContract contract) {
        this.contract = contract;
        this.ids = contract.ids;
    }

    @BeforeEach
    void useTheContractsStore() {
        stores = contract.stores;
    }

    List<AggregateEvent<Event>> append(AggregateType<Event, State> type, String id, Event... payloads) {
        return contract.append(type, id, payloads);
    }

    List<AggregateEvent<Event>> stored(AggregateType<Event, State> type, String id) {
        return contract.stored(type, id);
    }
}
