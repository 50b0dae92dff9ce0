package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.testkit.contract.Account;
import dev.escqrs.testkit.contract.EventStoreContract;
import dev.escqrs.testkit.store.Stores;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.List;
import java.util.Map;

class DynamoDbEventStoreContractTest extends EventStoreContract {
    private TableNames tables;
    private JsonCodec codec;

    @Override
    protected Stores freshStores(JsonCodec codec) {
        this.codec = codec;
        this.tables = DynamoDbFixture.freshTables(getClass(), DynamoDbFixture.CLIENTS.dynamoDb(), Account.AGGREGATE_NAMES);
        DynamoDbEventStore store = new DynamoDbEventStore(DynamoDbFixture.CLIENTS.dynamoDb(), tables, codec);
        return new Stores(store, store, new DynamoDbChangeFeed(DynamoDbFixture.CLIENTS.dynamoDb(),
                DynamoDbFixture.CLIENTS.streams(), tables, codec));
    }

    /**
     * moto deep-copies a table on every transaction, so 102 transactions into a growing table take minutes; the long
     * history is written with BatchWriteItem instead, as the same items the store's append writes.
     */
    @Override
    protected void writeLongHistory(AggregateType<Account.State, Account.Event> type,
                                    List<AggregateEvent<Account.Event>> events, Aggregate<Account.State> last) {
        for (int from = 0; from < events.size(); from += 25) {
            List<WriteRequest> puts = events.subList(from, Math.min(events.size(), from + 25)).stream()
                    .map(e -> WriteRequest.builder().putRequest(PutRequest.builder()
                            .item(EventItems.toItem(codec.encode(e))).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(tables.eventsTable(), puts);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = DynamoDbFixture.CLIENTS.dynamoDb().batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        DynamoDbFixture.CLIENTS.dynamoDb().putItem(b -> b.tableName(tables.aggregateTable(type))
                .item(AggregateItems.toItem(type, last, events.getLast().eventId(), codec)));
    }
}
