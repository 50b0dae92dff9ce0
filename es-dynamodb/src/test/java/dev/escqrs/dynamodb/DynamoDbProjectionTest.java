package dev.escqrs.dynamodb;

import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.ProjectionContract;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

class DynamoDbProjectionTest extends ProjectionContract {
    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(getClass(), Account.AGGREGATE_NAMES);
    }

    @Override
    protected dev.escqrs.core.port.Snapshots snapshots(Stores stores) {
        TableNames tables = ((DynamoDbEventStore) stores.eventStore()).tables();
        new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).createSnapshotsTable();
        return new DynamoDbSnapshots(DynamoDbFixture.CLIENTS.dynamoDb(), tables);
    }

    @Override
    protected Checkpoints checkpoints(Stores stores) {
        return new DynamoDbCheckpoints(
                DynamoDbFixture.CLIENTS.dynamoDb(), ((DynamoDbEventStore) stores.eventStore()).tables());
    }
}
