package dev.escqrs.inmemory;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.testkit.contract.EventStoreContract;
import dev.escqrs.testkit.store.Stores;

class InMemoryEventStoreContractTest extends EventStoreContract {
    @Override
    protected Stores freshStores(JsonCodec codec) {
        return Stores.of(new InMemoryEventStore(codec));
    }
}
