package dev.escqrs.dynamodb;

import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.contract.ReactionContract;
import dev.escqrs.testkit.store.StoreFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Reactions on the test server, with their ledger in a DynamoDB table of its own. */
class DynamoDbReactionTest extends ReactionContract {
    private final List<String> ledgers = new ArrayList<>();

    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(DynamoDbReactionTest.class, AGGREGATE_NAMES);
    }

    @Override
    protected ReactionLedger newLedger() {
        String table = DynamoDbFixture.SERVER.tablePrefix(DynamoDbReactionTest.class) + "ledger";
        DynamoDbReactionLedger.createTable(DynamoDbFixture.CLIENTS.dynamoDb(), table);
        ledgers.add(table);
        return new DynamoDbReactionLedger(DynamoDbFixture.CLIENTS.dynamoDb(), table);
    }

    @Override
    protected dev.escqrs.core.port.Leases leases() {
        return new DynamoDbLeases(
                DynamoDbFixture.CLIENTS.dynamoDb(), ((DynamoDbEventStore) stores.eventStore()).tables());
    }

    @AfterEach
    void deleteLedgers() {
        ledgers.forEach(table -> DynamoDbFixture.CLIENTS.dynamoDb().deleteTable(b -> b.tableName(table)));
    }
}
