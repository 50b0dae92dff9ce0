package dev.escqrs.inmemory;

import dev.escqrs.testkit.contract.StoreParityContract;
import dev.escqrs.testkit.store.StoreFixture;

class InMemoryStoreParityTest extends StoreParityContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }
}
