package dev.escqrs.dynamodb;

import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.store.StoreFixture;

/** Every port contract again, on tables of the descriptive layout (escqrs's before the compact layout), which their users keep. */
class DynamoDbDescriptiveLayoutContractTest extends DynamoDbEventStoreContractTest {
    static final StoreFixture DESCRIPTIVE = DynamoDbFixture.fixture(
            DynamoDbDescriptiveLayoutContractTest.class, Account.AGGREGATE_NAMES, ItemLayout.DESCRIPTIVE);

    @Override
    StoreFixture storeFixture() {
        return DESCRIPTIVE;
    }
}
