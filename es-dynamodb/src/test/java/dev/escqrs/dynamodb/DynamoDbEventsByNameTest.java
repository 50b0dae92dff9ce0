package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The optional events-by-name index: absent by default (no index, no extra attribute, a clear refusal), and when
 * asked for, keys only, sharded by stream, read back through every shard and BatchGetItem in event id order.
 */
class DynamoDbEventsByNameTest {
    private final RequestCounter counter = new RequestCounter();
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);
    private DynamoDbTestServer.SerialClients clients;
    private String prefix;

    @BeforeEach
    void clients() {
        clients = DynamoDbFixture.SERVER.serialClients(
                b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(counter)));
        prefix = DynamoDbFixture.SERVER.tablePrefix(getClass());
    }

    @AfterEach
    void close() {
        clients.close();
    }

    private CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> wallets(DynamoDbEventStore store) {
        return CommandHandler.builder(WALLET, Wallet.DECIDER)
                .store(store, store)
                .retryPolicy(RetryPolicy.immediate(3))
                .build();
    }

    @Test
    void by_default_there_is_no_index_no_extra_attribute_and_a_by_name_read_says_how_to_get_one() {
        TableNames tables = TableNames.withPrefix(prefix);
        new DynamoDbTables(clients.dynamoDb(), tables).createTables(List.of("Wallet"));
        DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        String id =
                wallets(store).create("ann", new Wallet.Open("ann")).aggregate().id();

        TableDescription events = clients.dynamoDb()
                .describeTable(b -> b.tableName(tables.eventsTable()))
                .table();
        assertThat(events.globalSecondaryIndexes()).isEmpty();
        Map<String, AttributeValue> item = clients.dynamoDb()
                .getItem(b -> b.tableName(tables.eventsTable()).key(EventItems.COMPACT.key("Wallet#" + id, 1)))
                .item();
        assertThat(item).doesNotContainKey(EventItems.COMPACT.byName());
        assertThatThrownBy(() -> store.eventsByName("WalletOpened"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("withEventsByName");

        assertThatThrownBy(() -> new DynamoDbTables(clients.dynamoDb(), tables.withEventsByName(2))
                        .createTables(List.of("Wallet")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists without the index " + EventItems.COMPACT.byNameIndex());
    }

    @Test
    void the_index_holds_keys_only_spread_over_shards_and_a_read_merges_them_in_event_id_order() {
        TableNames tables = TableNames.withPrefix(prefix).withEventsByName(4);
        new DynamoDbTables(clients.dynamoDb(), tables).createTables(List.of("Wallet"));
        DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        TableDescription description = clients.dynamoDb()
                .describeTable(b -> b.tableName(tables.eventsTable()))
                .table();
        assertThat(description.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo(EventItems.COMPACT.byNameIndex());
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        });

        // appends through the store write the shard key
        String appended =
                wallets(store).create("ann", new Wallet.Open("ann")).aggregate().id();
        String streamId = "Wallet#" + appended;
        assertThat(clients.dynamoDb()
                        .getItem(b -> b.tableName(tables.eventsTable()).key(EventItems.COMPACT.key(streamId, 1)))
                        .item())
                .containsEntry(
                        EventItems.COMPACT.byName(),
                        AttributeValue.fromS("WalletOpened#" + EventItems.shard(streamId, 4)));

        // 230 more openings over 230 streams (written directly: moto's transactions are slow), so that the listing
        // spans every shard and three BatchGetItem requests
        List<String> expectedIds = new ArrayList<>();
        expectedIds.add(store.events(WALLET, appended).toList().getFirst().eventId());
        List<WriteRequest> puts = new ArrayList<>();
        Set<Integer> shards = new HashSet<>();
        EventIds ids = EventIds.system();
        for (int i = 0; i < 230; i++) {
            AggregateEvent<Wallet.Event> opened = new AggregateEvent<>(
                    ids.next(),
                    "WalletOpened",
                    "Wallet",
                    "w-" + i,
                    1,
                    "ann",
                    new Wallet.Opened("owner " + i),
                    EventMetadata.NONE);
            expectedIds.add(opened.eventId());
            shards.add(EventItems.shard(opened.streamId(), 4));
            puts.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(EventItems.COMPACT.toItem(codec.encode(opened), 4))
                            .build())
                    .build());
        }
        assertThat(shards).as("the streams fall in every shard").hasSize(4);
        for (int from = 0; from < puts.size(); from += 25) {
            List<WriteRequest> batch = puts.subList(from, Math.min(puts.size(), from + 25));
            clients.dynamoDb().batchWriteItem(b -> b.requestItems(Map.of(tables.eventsTable(), batch)));
        }
        counter.reset();

        List<AggregateEvent<Object>> listed = store.eventsByName("WalletOpened").toList();

        assertThat(listed)
                .extracting(AggregateEvent::eventId)
                .containsExactlyElementsOf(expectedIds.stream().sorted().toList());
        assertThat(listed).extracting(AggregateEvent::eventName).containsOnly("WalletOpened");
        assertThat(listed.get(1).payload()).isInstanceOf(Wallet.Opened.class);
        assertThat(counter.count("Query")).as("one page of each shard").isEqualTo(4);
        assertThat(counter.count("BatchGetItem")).as("231 keys, 100 a request").isEqualTo(3);
        assertThat(counter.requests())
                .filteredOn(r -> r instanceof BatchGetItemRequest)
                .allSatisfy(r -> assertThat(((BatchGetItemRequest) r)
                                .requestItems()
                                .get(tables.eventsTable())
                                .consistentRead())
                        .isTrue());

        counter.reset();
        assertThat(store.eventsByName("WalletOpened", ReadConsistency.EVENTUAL)
                        .map(AggregateEvent::eventId)
                        .toList())
                .containsExactlyElementsOf(expectedIds.stream().sorted().toList());
        assertThat(counter.requests())
                .filteredOn(r -> r instanceof BatchGetItemRequest)
                .allSatisfy(r -> assertThat(((BatchGetItemRequest) r)
                                .requestItems()
                                .get(tables.eventsTable())
                                .consistentRead())
                        .isFalse());
        assertThat(store.eventsByName("WalletDeposited").toList()).isEmpty();
    }
}
