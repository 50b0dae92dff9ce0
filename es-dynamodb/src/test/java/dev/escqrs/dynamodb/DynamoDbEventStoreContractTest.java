package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.testkit.contract.Account;
import dev.escqrs.testkit.contract.EventStoreContract;
import dev.escqrs.testkit.store.Stores;

import java.util.List;

class DynamoDbEventStoreContractTest extends EventStoreContract {
    private TableNames tables;
    private JsonCodec codec;

    @Override
    protected Stores freshStores(JsonCodec codec) {
        Stores stores = DynamoDbFixture.stores(getClass(), codec, Account.AGGREGATE_NAMES);
        this.codec = codec;
        this.tables = ((DynamoDbEventStore) stores.eventStore()).tables();
        return stores;
    }

    /**
     * moto deep-copies a table on every transaction, so 102 transactions into a growing table take minutes; the long
     * history is written with BatchWriteItem instead, as the same items the store's append writes.
     */
    @Override
    protected void writeLongHistory(AggregateType<Account.State, Account.Event> type,
                                    List<AggregateEvent<Account.Event>> events, Aggregate<Account.State> last) {
        DynamoDbFixture.writeHistoryDirectly(tables, codec, type, events, last);
    }
}
