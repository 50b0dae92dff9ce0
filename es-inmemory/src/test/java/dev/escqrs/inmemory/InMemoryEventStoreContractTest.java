package dev.escqrs.inmemory;

import dev.escqrs.testkit.contract.AppendContract;
import dev.escqrs.testkit.contract.ChangeFeedContract;
import dev.escqrs.testkit.contract.EventsByNameContract;
import dev.escqrs.testkit.contract.ReadEventsContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.Nested;

/** The in-memory store against every port contract. */
class InMemoryEventStoreContractTest {
    static final StoreFixture MEMORY = StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec)));

    @Nested
    class Appends extends AppendContract {
        @Override
        protected StoreFixture fixture() {
            return MEMORY;
        }
    }

    @Nested
    class Reads extends ReadEventsContract {
        @Override
        protected StoreFixture fixture() {
            return MEMORY;
        }
    }

    @Nested
    class ByName extends EventsByNameContract {
        @Override
        protected StoreFixture fixture() {
            return MEMORY;
        }
    }

    @Nested
    class Feed extends ChangeFeedContract {
        @Override
        protected StoreFixture fixture() {
            return MEMORY;
        }
    }
}
