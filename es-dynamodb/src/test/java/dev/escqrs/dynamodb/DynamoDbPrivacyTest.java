package dev.escqrs.dynamodb;

import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.PrivacyContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The privacy contract on the test server, in the storage mode of the run; a raw scan of every table of the test. */
class DynamoDbPrivacyTest extends PrivacyContract {
    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(getClass(), AGGREGATE_NAMES);
    }

    @Override
    protected String everythingStored(Stores stores) {
        TableNames tables = ((DynamoDbEventStore) stores.eventStore()).tables();
        DynamoDbClient client = DynamoDbFixture.CLIENTS.dynamoDb();
        List<String> names = new ArrayList<>(List.of(
                tables.eventsTable(),
                tables.checkpointsTable(),
                tables.indexTable(),
                tables.snapshotsTable(),
                tables.keysTable()));
        AGGREGATE_NAMES.forEach(name -> names.add(tables.aggregateTable(name)));
        StringBuilder text = new StringBuilder();
        for (String table : names) {
            try {
                client.scanPaginator(b -> b.tableName(table).consistentRead(true))
                        .items()
                        .forEach(item ->
                                text.append(table).append(' ').append(item).append('\n'));
            } catch (ResourceNotFoundException absent) {
                // the fixture did not make this table
            }
        }
        return text.toString();
    }
}
