package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Deposit;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Open;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link IdempotencyContract}'s {@code @Nested} groups share: the store of the test that runs them, purses opened
 * on it, deposits, and handlers with no cache, so that an answer comes from what the store holds.
 */
abstract class IdempotencyGroup {
    private final IdempotencyContract contract;
    Stores stores;
    final EventIds ids = EventIds.seeded(java.time.Clock.systemUTC(), 23);

    IdempotencyGroup(IdempotencyContract contract) {
        this.contract = contract;
    }

    @BeforeEach
    void useTheContractsStore() {
        stores = contract.stores;
    }

    StoreFixture fixture() {
        return contract.fixture();
    }

    CommandHandler<Command, Event, Balance> handler() {
        return CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
    }

    String openPurse() {
        return handler()
                .handle(CommandRequest.create("ann", new Open("ann")))
                .aggregate()
                .id();
    }

    static CommandRequest<Command> deposit(String id, String actor, String amount) {
        return CommandRequest.update(id, actor, (Command) new Deposit(new BigDecimal(amount)));
    }

    long storedEvents(String id) {
        try (var events = stores.eventStore().events(PURSE, id)) {
            return events.count();
        }
    }
}
