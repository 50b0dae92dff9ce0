package dev.escqrs.dynamodb;

import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.contract.ChangeFeedContract;
import dev.escqrs.testkit.contract.ParkingContract;
import dev.escqrs.testkit.contract.ProjectionContract;
import dev.escqrs.testkit.contract.ReactionContract;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import java.util.ArrayList;
import java.util.List;

/**
 * The change-feed index as a feed, against the feed and projection contracts the Stream feed passes: everything that
 * runs on the Stream runs on the index (issue 36).
 */
class DynamoDbIndexFeedContractTest {
    static final StoreFixture INDEXED = DynamoDbFixture.indexFixture(DynamoDbIndexFeedContractTest.class,
            Account.AGGREGATE_NAMES);

    @Nested
    class Feed extends ChangeFeedContract {
        @Override
        protected StoreFixture fixture() {
            return INDEXED;
        }
    }

    @Nested
    class Projections extends ProjectionContract {
        @Override
        protected StoreFixture fixture() {
            return INDEXED;
        }

        @Override
        protected dev.escqrs.core.port.Snapshots snapshots(Stores stores) {
            return new DynamoDbSnapshots(DynamoDbFixture.CLIENTS.dynamoDb(),
                    ((DynamoDbEventStore) stores.eventStore()).tables());
        }

        @Override
        protected Checkpoints checkpoints(Stores stores) {
            return new DynamoDbCheckpoints(DynamoDbFixture.CLIENTS.dynamoDb(),
                    ((DynamoDbEventStore) stores.eventStore()).tables());
        }
    }

    private final List<String> ledgers = new ArrayList<>();

    private ReactionLedger ledger() {
        String table = DynamoDbFixture.SERVER.tablePrefix(DynamoDbIndexFeedContractTest.class) + "ledger";
        DynamoDbReactionLedger.createTable(DynamoDbFixture.CLIENTS.dynamoDb(), table);
        ledgers.add(table);
        return new DynamoDbReactionLedger(DynamoDbFixture.CLIENTS.dynamoDb(), table);
    }

    @AfterEach
    void deleteLedgers() {
        ledgers.forEach(table -> DynamoDbFixture.CLIENTS.dynamoDb().deleteTable(b -> b.tableName(table)));
        ledgers.clear();
    }

    @Nested
    class Reactions extends ReactionContract {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbFixture.indexFixture(DynamoDbIndexFeedContractTest.class, AGGREGATE_NAMES);
        }

        @Override
        protected ReactionLedger newLedger() {
            return ledger();
        }

        @Override
        protected dev.escqrs.core.port.Leases leases() {
            return new DynamoDbLeases(DynamoDbFixture.CLIENTS.dynamoDb(),
                    ((DynamoDbEventStore) stores.eventStore()).tables());
        }
    }

    @Nested
    class Parked extends ParkingContract {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbFixture.indexFixture(DynamoDbIndexFeedContractTest.class, AGGREGATE_NAMES);
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
            return ledger();
        }
    }
}
