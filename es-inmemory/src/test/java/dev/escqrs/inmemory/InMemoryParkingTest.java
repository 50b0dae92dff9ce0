package dev.escqrs.inmemory;

import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.contract.ParkingContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

class InMemoryParkingTest extends ParkingContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }

    @Override
    protected Checkpoints checkpoints(Stores stores) {
        return new InMemoryCheckpoints();
    }

    @Override
    protected Parking parking(Stores stores) {
        return Parking.inMemory();
    }

    @Override
    protected ReactionLedger newLedger(Stores stores) {
        return ReactionLedger.inMemory();
    }
}
