package dev.escqrs.inmemory;

import dev.escqrs.testkit.contract.StoreRowsContract;
import dev.escqrs.testkit.store.StoreFixture;

class InMemoryStoreRowsTest extends StoreRowsContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }
}
