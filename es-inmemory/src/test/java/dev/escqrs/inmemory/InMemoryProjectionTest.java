package dev.escqrs.inmemory;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.testkit.contract.ProjectionContract;
import dev.escqrs.testkit.store.Stores;

class InMemoryProjectionTest extends ProjectionContract {
    @Override
    protected Stores freshStores(JsonCodec codec) {
        return Stores.of(new InMemoryEventStore(codec));
    }

    @Override
    protected Checkpoints checkpoints() {
        return new InMemoryCheckpoints();
    }
}
