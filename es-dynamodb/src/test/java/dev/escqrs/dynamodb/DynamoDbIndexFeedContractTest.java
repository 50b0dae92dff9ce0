package dev.escqrs.dynamodb;

import dev.escqrs.testkit.contract.ChangeFeedContract;
import dev.escqrs.testkit.contract.ParkingContract;
import dev.escqrs.testkit.contract.ReactionContract;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.store.StoreFixture;
import org.junit.jupiter.api.Nested;

/**
 * The change-feed index as a feed, against the feed, projection, reaction and parking tests the Stream feed passes,
 * each the Stream's test class with the index for its feed: everything that runs on the Stream runs on the index
 * (issue 36).
 */
class DynamoDbIndexFeedContractTest {
    static final StoreFixture INDEXED =
            DynamoDbFixture.indexFixture(DynamoDbIndexFeedContractTest.class, Account.AGGREGATE_NAMES);

    @Nested
    class Feed extends ChangeFeedContract {
        @Override
        protected StoreFixture fixture() {
            return INDEXED;
        }
    }

    @Nested
    class Projections extends DynamoDbProjectionTest {
        @Override
        protected StoreFixture fixture() {
            return INDEXED;
        }
    }

    @Nested
    class Reactions extends DynamoDbReactionTest {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbFixture.indexFixture(DynamoDbIndexFeedContractTest.class, ReactionContract.AGGREGATE_NAMES);
        }
    }

    @Nested
    class Parked extends DynamoDbParkingTest {
        @Override
        protected StoreFixture fixture() {
            return DynamoDbFixture.indexFixture(DynamoDbIndexFeedContractTest.class, ParkingContract.AGGREGATE_NAMES);
        }
    }
}
