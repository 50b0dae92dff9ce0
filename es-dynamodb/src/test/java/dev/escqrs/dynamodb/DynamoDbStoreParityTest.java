package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.testkit.contract.StoreParityContract;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

import java.util.List;

class DynamoDbStoreParityTest extends StoreParityContract {
    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(getClass(), AGGREGATE_NAMES);
    }

    @Override
    protected <S, E> void writeLongHistory(Reducer<S, E> reducer, List<AggregateEvent<E>> events, Aggregate<S> last) {
        DynamoDbEventStore store = (DynamoDbEventStore) stores.eventStore();
        DynamoDbFixture.writeHistoryDirectly(store.tables(), store.codec(), reducer.type(), events, last);
    }
}
