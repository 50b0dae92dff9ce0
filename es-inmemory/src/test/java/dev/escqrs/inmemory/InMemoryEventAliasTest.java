package dev.escqrs.inmemory;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.testkit.contract.EventAliasContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

class InMemoryEventAliasTest extends EventAliasContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }

    @Override
    protected Stores reopen(Stores stores, JsonCodec codec) {
        return Stores.of(((InMemoryEventStore) stores.eventStore()).withCodec(codec));
    }
}
