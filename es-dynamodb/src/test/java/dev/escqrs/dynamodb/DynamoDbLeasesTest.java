package dev.escqrs.dynamodb;

import dev.escqrs.core.port.Leases;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.LeasesContract;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.scenario.TestClock;
import org.junit.jupiter.api.AfterEach;

/** {@link DynamoDbLeases} (items of the checkpoint table) on the test server against the leases contract. */
class DynamoDbLeasesTest extends LeasesContract {
    private final TableNames tables =
            DynamoDbFixture.freshTables(getClass(), DynamoDbFixture.CLIENTS.dynamoDb(), Account.AGGREGATE_NAMES);

    @Override
    protected Leases leases(TestClock clock) {
        return new DynamoDbLeases(DynamoDbFixture.CLIENTS.dynamoDb(), tables, clock);
    }

    @AfterEach
    void deleteTables() {
        new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).deleteTables(Account.AGGREGATE_NAMES);
    }
}
