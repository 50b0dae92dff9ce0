package dev.escqrs.example.blogpost;

import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.store.StoreFixture;
import java.util.stream.Stream;

/** Both stores, for tests that run once per store: the few lines that hand the testkit an adapter each. */
final class Stores {
    private Stores() {}

    static final StoreFixture MEMORY =
            StoreFixture.of("memory", codec -> dev.escqrs.testkit.store.Stores.of(new InMemoryEventStore(codec)));

    static final StoreFixture DYNAMODB = StoreFixture.of("dynamodb", codec -> {
        DynamoDbTestServer server = DynamoDbTestServer.get();
        DynamoDbTestServer.SerialClients clients = Clients.SHARED;
        // the service's tables: Author in one-item mode, BlogPost in two-item mode
        TableNames tables = ServiceTables.named(server.tablePrefix(Stores.class));
        new DynamoDbTables(clients.dynamoDb(), tables).createTables(BlogPosts.ALL_NAMES);
        DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        return new dev.escqrs.testkit.store.Stores(
                store, store, new DynamoDbChangeFeed(clients.dynamoDb(), clients.streams(), tables, codec));
    });

    /** For {@code @MethodSource}: every store. */
    static Stream<StoreFixture> all() {
        return Stream.of(MEMORY, DYNAMODB);
    }

    /** The DynamoDB client the {@link #DYNAMODB} stores use (one connection to moto). */
    static software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb() {
        return Clients.SHARED.dynamoDb();
    }

    /** One connection to moto for the whole test run (moto is not safe for overlapping requests). */
    private static final class Clients {
        static final DynamoDbTestServer.SerialClients SHARED =
                DynamoDbTestServer.get().serialClients(b -> {});
    }
}
