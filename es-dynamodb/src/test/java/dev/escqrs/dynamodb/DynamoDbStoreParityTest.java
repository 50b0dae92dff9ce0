package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.testkit.contract.Purse;
import dev.escqrs.testkit.contract.StoreParityContract;
import dev.escqrs.testkit.store.Stores;

import java.util.List;

class DynamoDbStoreParityTest extends StoreParityContract {
    private TableNames tables;
    private JsonCodec codec;

    @Override
    protected Stores freshStores(JsonCodec codec) {
        Stores stores = DynamoDbFixture.stores(getClass(), codec, AGGREGATE_NAMES);
        this.codec = codec;
        this.tables = ((DynamoDbEventStore) stores.eventStore()).tables();
        return stores;
    }

    @Override
    protected void writeLongHistory(AggregateType<Purse.Balance, Purse.Event> type,
                                    List<AggregateEvent<Purse.Event>> events, Aggregate<Purse.Balance> last) {
        DynamoDbFixture.writeHistoryDirectly(tables, codec, type, events, last);
    }
}
