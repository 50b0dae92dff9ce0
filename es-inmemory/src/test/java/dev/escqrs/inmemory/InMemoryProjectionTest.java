package dev.escqrs.inmemory;

import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.testkit.contract.ProjectionContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

class InMemoryProjectionTest extends ProjectionContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }

    @Override
    protected Checkpoints checkpoints(Stores stores) {
        return new InMemoryCheckpoints();
    }
}
