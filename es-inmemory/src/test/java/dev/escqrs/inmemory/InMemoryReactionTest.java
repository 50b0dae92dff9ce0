package dev.escqrs.inmemory;

import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.contract.ReactionContract;
import dev.escqrs.testkit.store.StoreFixture;

class InMemoryReactionTest extends ReactionContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }

    @Override
    protected ReactionLedger newLedger() {
        return ReactionLedger.inMemory();
    }
}
