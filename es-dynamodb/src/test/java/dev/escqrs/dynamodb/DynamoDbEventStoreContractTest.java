package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.testkit.contract.AppendContract;
import dev.escqrs.testkit.contract.ChangeFeedContract;
import dev.escqrs.testkit.contract.EventsByNameContract;
import dev.escqrs.testkit.contract.ReadEventsContract;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.store.StoreFixture;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The DynamoDB store (on the test server) against every port contract; each test gets fresh tables, deleted after it.
 * {@link DynamoDbDescriptiveLayoutContractTest} runs the same on tables of the descriptive layout.
 */
class DynamoDbEventStoreContractTest {
    static final StoreFixture DYNAMODB =
            DynamoDbFixture.fixture(DynamoDbEventStoreContractTest.class, Account.AGGREGATE_NAMES);

    /** The store every contract below runs on. */
    StoreFixture storeFixture() {
        return DYNAMODB;
    }

    @Nested
    class Appends extends AppendContract {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbEventStoreContractTest.this.storeFixture();
        }
    }

    @Nested
    class Reads extends ReadEventsContract {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbEventStoreContractTest.this.storeFixture();
        }

        /**
         * moto deep-copies a table on every transaction, so 102 transactions into a growing table take minutes; the
         * long history is written with BatchWriteItem instead, as the same items the store's append writes.
         */
        @Override
        protected <E, S> void writeLongHistory(
                Reducer<E, S> reducer, List<AggregateEvent<E>> events, Aggregate<S> last) {
            DynamoDbEventStore store = (DynamoDbEventStore) stores.eventStore();
            DynamoDbFixture.writeHistoryDirectly(store.tables(), store.codec(), reducer.type(), events, last);
        }
    }

    @Nested
    class ByName extends EventsByNameContract {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbEventStoreContractTest.this.storeFixture();
        }
    }

    @Nested
    class Feed extends ChangeFeedContract {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbEventStoreContractTest.this.storeFixture();
        }
    }
}
