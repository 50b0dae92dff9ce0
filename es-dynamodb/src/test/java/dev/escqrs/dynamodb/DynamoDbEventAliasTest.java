package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.EventAliasContract;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

/** A renamed event on the test server: the next release is a new store on the same tables with a new codec. */
class DynamoDbEventAliasTest extends EventAliasContract {
    @Override
    protected StoreFixture fixture() {
        return DynamoDbFixture.fixture(DynamoDbEventAliasTest.class, AGGREGATE_NAMES);
    }

    @Override
    protected Stores reopen(Stores stores, JsonCodec codec) {
        TableNames tables = ((DynamoDbEventStore) stores.eventStore()).tables();
        DynamoDbEventStore store = new DynamoDbEventStore(DynamoDbFixture.CLIENTS.dynamoDb(), tables, codec);
        return new Stores(
                store,
                store,
                new DynamoDbChangeFeed(
                        DynamoDbFixture.CLIENTS.dynamoDb(), DynamoDbFixture.CLIENTS.streams(), tables, codec));
    }
}
