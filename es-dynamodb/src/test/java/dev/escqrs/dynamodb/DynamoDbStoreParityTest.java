package dev.escqrs.dynamodb;

import dev.escqrs.testkit.contract.StoreParityContract;
import dev.escqrs.testkit.store.StoreFixture;

class DynamoDbStoreParityTest extends StoreParityContract {
    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(getClass(), AGGREGATE_NAMES);
    }
}
