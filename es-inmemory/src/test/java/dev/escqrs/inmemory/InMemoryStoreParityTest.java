package dev.escqrs.inmemory;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.testkit.contract.StoreParityContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

class InMemoryStoreParityTest extends StoreParityContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }
}
