package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.testkit.contract.Account;
import dev.escqrs.testkit.contract.ProjectionContract;
import dev.escqrs.testkit.store.Stores;

class DynamoDbProjectionTest extends ProjectionContract {
    private TableNames tables;

    @Override
    protected Stores freshStores(JsonCodec codec) {
        Stores stores = DynamoDbFixture.stores(getClass(), codec, Account.AGGREGATE_NAMES);
        tables = ((DynamoDbEventStore) stores.eventStore()).tables();
        return stores;
    }

    @Override
    protected Checkpoints checkpoints() {
        return new DynamoDbCheckpoints(DynamoDbFixture.CLIENTS.dynamoDb(), tables);
    }
}
