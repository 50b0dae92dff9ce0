package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/**
 * Fresh tables on the test server for each store, with a table prefix no other test shares, reached through clients
 * that send one request at a time (moto is not safe for overlapping requests; see DESIGN.md).
 */
final class DynamoDbFixture {
    static final DynamoDbTestServer SERVER = DynamoDbTestServer.get();
    static final DynamoDbTestServer.SerialClients CLIENTS = SERVER.serialClients(b -> { });

    private DynamoDbFixture() {
    }

    static TableNames freshTables(Class<?> testClass, DynamoDbClient client, List<String> aggregateNames) {
        TableNames names = TableNames.withPrefix(SERVER.tablePrefix(testClass));
        new DynamoDbTables(client, names).createTables(aggregateNames);
        return names;
    }

    static Stores stores(Class<?> testClass, JsonCodec codec, List<String> aggregateNames) {
        TableNames names = freshTables(testClass, CLIENTS.dynamoDb(), aggregateNames);
        DynamoDbEventStore store = new DynamoDbEventStore(CLIENTS.dynamoDb(), names, codec);
        return new Stores(store, store, new DynamoDbChangeFeed(CLIENTS.dynamoDb(), CLIENTS.streams(), names, codec));
    }

    static StoreFixture fixture(Class<?> testClass, List<String> aggregateNames) {
        return StoreFixture.of("dynamodb", codec -> stores(testClass, codec, aggregateNames));
    }
}
