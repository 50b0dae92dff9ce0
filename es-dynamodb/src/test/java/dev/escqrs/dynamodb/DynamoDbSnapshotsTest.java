package dev.escqrs.dynamodb;

import dev.escqrs.core.port.Snapshots;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.SnapshotsContract;
import dev.escqrs.testkit.internal.Account;
import org.junit.jupiter.api.AfterEach;

/** {@link DynamoDbSnapshots} (parts in the snapshots table) on the test server against the snapshots contract. */
class DynamoDbSnapshotsTest extends SnapshotsContract {
    private final TableNames tables =
            DynamoDbFixture.freshTables(getClass(), DynamoDbFixture.CLIENTS.dynamoDb(), Account.AGGREGATE_NAMES);

    DynamoDbSnapshotsTest() {
        new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).createSnapshotsTable();
    }

    @Override
    protected Snapshots snapshots() {
        return new DynamoDbSnapshots(DynamoDbFixture.CLIENTS.dynamoDb(), tables);
    }

    @AfterEach
    void deleteTables() {
        new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).deleteTables(Account.AGGREGATE_NAMES);
    }
}
