package dev.escqrs.dynamodb;

import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.testkit.contract.IdempotencyContract;
import dev.escqrs.testkit.store.StoreFixture;
import org.junit.jupiter.api.Nested;

/** Idempotent commands on the test server, on tables of both layouts (the keys live in attributes of each). */
class DynamoDbIdempotencyTest extends IdempotencyContract {
    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(DynamoDbIdempotencyTest.class, AGGREGATE_NAMES);
    }

    @Nested
    class OnDescriptiveTables extends IdempotencyContract {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbFixture.fixture(OnDescriptiveTables.class, AGGREGATE_NAMES, ItemLayout.DESCRIPTIVE);
        }
    }
}
