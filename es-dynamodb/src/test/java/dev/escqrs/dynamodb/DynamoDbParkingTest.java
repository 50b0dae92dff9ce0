package dev.escqrs.dynamodb;

import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.ParkingContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Parking on the test server: entries and skips in the checkpoint table, the reactor's ledger in a table of its own. */
class DynamoDbParkingTest extends ParkingContract {
    private final List<String> ledgers = new ArrayList<>();

    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(DynamoDbParkingTest.class, AGGREGATE_NAMES);
    }

    private static TableNames tables(Stores stores) {
        return ((DynamoDbEventStore) stores.eventStore()).tables();
    }

    @Override
    protected Checkpoints checkpoints(Stores stores) {
        return new DynamoDbCheckpoints(DynamoDbFixture.CLIENTS.dynamoDb(), tables(stores));
    }

    @Override
    protected Parking parking(Stores stores) {
        return new DynamoDbParking(DynamoDbFixture.CLIENTS.dynamoDb(), tables(stores));
    }

    @Override
    protected ReactionLedger newLedger(Stores stores) {
        String table = DynamoDbFixture.SERVER.tablePrefix(DynamoDbParkingTest.class) + "ledger";
        DynamoDbReactionLedger.createTable(DynamoDbFixture.CLIENTS.dynamoDb(), table);
        ledgers.add(table);
        return new DynamoDbReactionLedger(DynamoDbFixture.CLIENTS.dynamoDb(), table);
    }

    @AfterEach
    void deleteLedgers() {
        ledgers.forEach(table -> DynamoDbFixture.CLIENTS.dynamoDb().deleteTable(b -> b.tableName(table)));
    }
}
