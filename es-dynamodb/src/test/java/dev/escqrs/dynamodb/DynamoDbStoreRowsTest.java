package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.testkit.contract.StoreRowsContract;
import dev.escqrs.testkit.store.StoreFixture;
import java.util.List;

class DynamoDbStoreRowsTest extends StoreRowsContract {
    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(getClass(), AGGREGATE_NAMES);
    }

    @Override
    protected <E, S> void writeLongHistory(Reducer<E, S> reducer, List<AggregateEvent<E>> events, Aggregate<S> last) {
        DynamoDbEventStore store = (DynamoDbEventStore) stores.eventStore();
        DynamoDbFixture.writeHistoryDirectly(store.tables(), store.codec(), reducer.type(), events, last);
    }
}
