package dev.escqrs.inmemory;

import dev.escqrs.testkit.contract.PrivacyContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

class InMemoryPrivacyTest extends PrivacyContract {
    @Override
    protected StoreFixture fixture() {
        return InMemoryEventStoreContractTest.MEMORY;
    }

    @Override
    protected String everythingStored(Stores stores) {
        return ((InMemoryEventStore) stores.eventStore()).storedText();
    }
}
