package dev.escqrs.inmemory;

import dev.escqrs.testkit.contract.IdempotencyContract;
import dev.escqrs.testkit.store.StoreFixture;

class InMemoryIdempotencyTest extends IdempotencyContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }
}
