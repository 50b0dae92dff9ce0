package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.StateItems;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Fresh tables on the test server for each store, with a table prefix no other test shares, reached through clients
 * that send one request at a time (moto is not safe for overlapping requests; see docs/testing.md).
 *
 * <p>Every aggregate type is stored in {@link #STORAGE}: two-item mode, or the mode the system property
 * {@code escqrs-test.storage} names. The build runs the contracts twice, the second time with {@code ONE_ITEM}
 * (the surefire execution {@code one-item} in this module's pom).
 */
final class DynamoDbFixture {
    static final DynamoDbTestServer SERVER = DynamoDbTestServer.get();
    static final DynamoDbTestServer.SerialClients CLIENTS = SERVER.serialClients(b -> {});
    /** How the tests' tables store every aggregate type. */
    static final StorageMode STORAGE = StorageMode.valueOf(System.getProperty("escqrs-test.storage", "TWO_ITEM"));

    private DynamoDbFixture() {}

    static TableNames freshTables(Class<?> testClass, DynamoDbClient client, List<String> aggregateNames) {
        return freshTables(testClass, client, aggregateNames, ItemLayout.COMPACT);
    }

    static TableNames freshTables(
            Class<?> testClass, DynamoDbClient client, List<String> aggregateNames, ItemLayout layout) {
        TableNames names = TableNames.withPrefix(SERVER.tablePrefix(testClass))
                .withLayout(layout)
                .withStorage(STORAGE);
        new DynamoDbTables(client, names).createTables(aggregateNames);
        return names;
    }

    /** Tables with the events-by-name index in 4 shards, so that the contracts read events by name through it. */
    static Stores stores(Class<?> testClass, JsonCodec codec, List<String> aggregateNames, ItemLayout layout) {
        TableNames names = TableNames.withPrefix(SERVER.tablePrefix(testClass))
                .withEventsByName(4)
                .withLayout(layout)
                .withStorage(STORAGE);
        new DynamoDbTables(CLIENTS.dynamoDb(), names).createTables(aggregateNames);
        DynamoDbEventStore store = new DynamoDbEventStore(CLIENTS.dynamoDb(), names, codec);
        return new Stores(
                store,
                store,
                new DynamoDbChangeFeed(CLIENTS.dynamoDb(), CLIENTS.streams(), names, codec),
                () -> new DynamoDbTables(CLIENTS.dynamoDb(), names).deleteTables(aggregateNames));
    }

    /**
     * moto deep-copies a table on every transaction, so a hundred transactions into a growing table take minutes; a long
     * history is written with BatchWriteItem instead, as the same items the store's appends would have written.
     */
    static <E, S> void writeHistoryDirectly(
            TableNames tables,
            JsonCodec codec,
            AggregateType<E, S> type,
            List<AggregateEvent<E>> events,
            Aggregate<S> last) {
        boolean oneItem = tables.storage(type.name()) == StorageMode.ONE_ITEM;
        for (int from = 0; from < events.size(); from += 25) {
            List<WriteRequest> puts = events.subList(from, Math.min(events.size(), from + 25)).stream()
                    .map(e -> {
                        var item = EventItems.of(tables.layout()).toItem(codec.encode(e), tables.eventsByNameShards());
                        if (oneItem && e == events.getLast()) {
                            item = StateItems.of(tables.layout()).withState(item, type, last, codec);
                        }
                        return WriteRequest.builder()
                                .putRequest(PutRequest.builder().item(item).build())
                                .build();
                    })
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(tables.eventsTable(), puts);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = CLIENTS.dynamoDb().batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        if (!oneItem) {
            CLIENTS.dynamoDb()
                    .putItem(b -> b.tableName(tables.aggregateTable(type))
                            .item(AggregateItems.of(tables.layout())
                                    .toItem(type, last, events.getLast().eventId(), codec)));
        }
    }

    static StoreFixture fixture(Class<?> testClass, List<String> aggregateNames) {
        return fixture(testClass, aggregateNames, ItemLayout.COMPACT);
    }

    /**
     * The store with the change-feed index as its feed: the indexer reads the Stream into the index before each read
     * of the feed, as a deployment whose indexer keeps up gives it.
     */
    static StoreFixture indexFixture(Class<?> testClass, List<String> aggregateNames) {
        return StoreFixture.of(
                "dynamodb-index" + (STORAGE == StorageMode.ONE_ITEM ? "-one-item" : ""),
                codec -> {
                    TableNames names =
                            TableNames.withPrefix(SERVER.tablePrefix(testClass)).withStorage(STORAGE);
                    DynamoDbTables tables = new DynamoDbTables(CLIENTS.dynamoDb(), names);
                    tables.createTables(aggregateNames);
                    tables.createIndexTable();
                    DynamoDbEventStore store = new DynamoDbEventStore(CLIENTS.dynamoDb(), names, codec);
                    DynamoDbIndexer indexer = DynamoDbIndexer.builder(CLIENTS.dynamoDb(), CLIENTS.streams(), names)
                            .build();
                    return new Stores(
                            store,
                            store,
                            new IndexedFeed(indexer, new DynamoDbIndexFeed(CLIENTS.dynamoDb(), names, codec)),
                            () -> tables.deleteTables(aggregateNames));
                },
                StoreFixture.Capability.APPEND,
                StoreFixture.Capability.READ_EVENTS,
                StoreFixture.Capability.CHANGE_FEED);
    }

    /** The index feed, with the indexer run before each read. */
    record IndexedFeed(DynamoDbIndexer indexer, DynamoDbIndexFeed feed) implements ChangeFeed {
        @Override
        public FeedBatch read(Checkpoint after, int maxEvents) {
            indexer.indexOnce();
            return feed.read(after, maxEvents);
        }

        @Override
        public Checkpoint head() {
            return feed.head();
        }

        @Override
        public boolean keepsEveryEvent() {
            return feed.keepsEveryEvent();
        }
    }

    /** The store on tables of {@code layout}: the contracts hold on tables of either layout. */
    static StoreFixture fixture(Class<?> testClass, List<String> aggregateNames, ItemLayout layout) {
        String name = (layout == ItemLayout.COMPACT
                        ? "dynamodb"
                        : "dynamodb-" + layout.name().toLowerCase(Locale.ROOT))
                + (STORAGE == StorageMode.ONE_ITEM ? "-one-item" : "");
        if (STORAGE == StorageMode.ONE_ITEM) {
            return StoreFixture.of(
                    name,
                    codec -> stores(testClass, codec, aggregateNames, layout),
                    StoreFixture.Capability.APPEND,
                    StoreFixture.Capability.READ_EVENTS,
                    StoreFixture.Capability.EVENTS_BY_NAME,
                    StoreFixture.Capability.CHANGE_FEED);
        }
        return StoreFixture.of(name, codec -> stores(testClass, codec, aggregateNames, layout));
    }
}
