package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.StateItems;
import dev.escqrs.dynamodb.internal.StorageMarkers;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * One-item mode on DynamoDB: what each operation sends and costs in requests, the items it writes, the limit of the
 * event and state together, state that cannot be read, and switching an aggregate type between the modes on existing
 * data in both directions. (Every contract also runs in this mode: the surefire execution one-item.)
 */
class DynamoDbOneItemTest {
    private final RequestCounter counter = new RequestCounter();
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);
    private DynamoDbTestServer.SerialClients clients;
    private TableNames twoItem;
    private TableNames oneItem;
    private DynamoDbEventStore store;

    @BeforeEach
    void freshTables() {
        clients = DynamoDbFixture.SERVER.serialClients(
                b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(counter)));
        twoItem = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()));
        new DynamoDbTables(clients.dynamoDb(), twoItem).createTables(List.of("Wallet"));
        oneItem = twoItem.withStorage(StorageMode.ONE_ITEM, "Wallet");
        store = new DynamoDbEventStore(clients.dynamoDb(), oneItem, codec);
        counter.reset();
    }

    @AfterEach
    void close() {
        new DynamoDbTables(clients.dynamoDb(), twoItem).deleteTables(List.of("Wallet"));
        clients.close();
    }

    private CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> handler(DynamoDbEventStore on, int cacheSize) {
        return CommandHandler.builder(WALLET, Wallet.DECIDER)
                .store(on, on)
                .retryPolicy(RetryPolicy.immediate(3))
                .cacheSize(cacheSize)
                .build();
    }

    private Map<String, AttributeValue> eventItem(String id, long version) {
        return clients.dynamoDb()
                .getItem(b -> b.tableName(twoItem.eventsTable())
                        .consistentRead(true)
                        .key(EventItems.COMPACT.key("Wallet#" + id, version)))
                .item();
    }

    private Optional<Map<String, AttributeValue>> row(String id) {
        Map<String, AttributeValue> item = clients.dynamoDb()
                .getItem(b -> b.tableName(twoItem.aggregateTable("Wallet"))
                        .consistentRead(true)
                        .key(AggregateItems.COMPACT.key(id)))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Nested
    class Cost {
        @Test
        void a_create_is_one_put_a_warm_command_one_put_a_cold_one_a_query_more_and_a_read_one_query() {
            var warm = handler(store, 100);
            String id = warm.create("ann", new Wallet.Open("ann")).aggregate().id();
            assertThat(counter.counts())
                    .as("create: the type's one-item marker (once per process), then the event")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("PutItem", 2L));

            counter.reset();
            warm.update(id, "ann", new Wallet.Deposit(1), 1);
            assertThat(counter.counts()).as("warm command").containsExactlyInAnyOrderEntriesOf(Map.of("PutItem", 1L));
            PutItemRequest put = (PutItemRequest) counter.requests().getFirst();
            assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(#sid)");
            assertThat(put.returnValuesOnConditionCheckFailureAsString()).isEqualTo("ALL_OLD");

            counter.reset();
            handler(store, 100).update(id, "ann", new Wallet.Deposit(2), 2);
            assertThat(counter.counts())
                    .as("cold command")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L, "PutItem", 1L));

            counter.reset();
            assertThat(store.read(WALLET, id).orElseThrow().state().balance()).isEqualTo(3);
            assertThat(counter.counts()).as("read").containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L));
            assertThat(row(id)).as("no row is written in one-item mode").isEmpty();
        }

        @Test
        void several_events_are_one_transaction_of_their_puts_with_the_state_on_the_last() {
            var wallets = handler(store, 100);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            counter.reset();

            wallets.update(id, "ann", new Wallet.DepositMany(3), 1);

            assertThat(counter.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("TransactWriteItems", 1L));
            TransactWriteItemsRequest transaction =
                    (TransactWriteItemsRequest) counter.requests().getFirst();
            assertThat(transaction.transactItems()).hasSize(3).allSatisfy(item -> {
                assertThat(item.put().tableName()).isEqualTo(twoItem.eventsTable());
                assertThat(item.put().conditionExpression()).isEqualTo("attribute_not_exists(#sid)");
            });
            assertThat(transaction.transactItems().stream()
                            .map(TransactWriteItem::put)
                            .map(p -> StateItems.carriesState(p.item()))
                            .toList())
                    .containsExactly(false, false, true);
            assertThat(StateItems.carriesState(eventItem(id, 1)))
                    .as("the create's item, no longer the newest")
                    .isTrue();
            assertThat(StateItems.carriesState(eventItem(id, 2))).isFalse();
            assertThat(store.read(WALLET, id).orElseThrow().version()).isEqualTo(4);
        }

        @Test
        void a_lost_race_refreshes_from_the_refused_put_without_a_read() {
            var alice = handler(store, 100);
            var bob = handler(store, 100);
            String id = alice.create("ann", new Wallet.Open("ann")).aggregate().id();
            bob.handle(CommandRequest.update(id, "bob", new Wallet.Deposit(10)));
            counter.reset();

            CommandResult<Wallet.Event, Wallet.State> result =
                    alice.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(1)));

            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.aggregate().state().balance()).isEqualTo(11);
            assertThat(counter.counts())
                    .as("the refused put returned bob's event with the state on it")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("PutItem", 2L));
        }

        @Test
        void a_lost_response_of_several_events_is_settled_by_the_event_in_the_first_slot() {
            var faults = new DynamoDbAmbiguousFailureTest.LoseResponses(); // loses TransactWriteItems' responses here
            try (var lossy = DynamoDbFixture.SERVER.serialClients(b -> b.overrideConfiguration(
                    c -> c.addExecutionInterceptor(faults).addExecutionInterceptor(counter)))) {
                var on = new DynamoDbEventStore(lossy.dynamoDb(), oneItem, codec);
                var wallets = handler(on, 0);
                String id = wallets.create("ann", new Wallet.Open("ann"))
                        .aggregate()
                        .id();
                faults.toLoseAfterCommit.set(1);
                counter.reset();

                CommandResult<Wallet.Event, Wallet.State> result =
                        wallets.update(id, "ann", new Wallet.DepositMany(2), 1);

                assertThat(result.attempts()).isEqualTo(1);
                assertThat(counter.count("TransactWriteItems"))
                        .as("sent, then resent and refused")
                        .isEqualTo(2);
                assertThat(counter.count("GetItem"))
                        .as("no read-back: the refusal returned our first event")
                        .isZero();
                assertThat(store.events(WALLET, id).map(AggregateEvent::eventId).toList())
                        .containsExactly(
                                store.events(WALLET, id)
                                        .findFirst()
                                        .orElseThrow()
                                        .eventId(),
                                result.events().get(0).eventId(),
                                result.events().get(1).eventId());
            }
        }

        @Test
        void a_create_of_a_taken_id_says_how_far_the_aggregate_is() {
            var wallets = handler(store, 0);
            wallets.handle(CommandRequest.createWithId("w-taken", "ann", new Wallet.Open("ann")));
            wallets.update("w-taken", "ann", new Wallet.Deposit(1), 1);

            assertThatThrownBy(
                            () -> wallets.handle(CommandRequest.createWithId("w-taken", "bob", new Wallet.Open("bob"))))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("w-taken")
                    .hasMessageContaining("2");
        }
    }

    @Nested
    class Items {
        @Test
        void the_newest_event_carries_the_state_and_reads_back_as_the_same_event() {
            var wallets = handler(store, 0);
            CommandResult<Wallet.Event, Wallet.State> created = wallets.create("ann", new Wallet.Open("ann"));
            String id = created.aggregate().id();

            Map<String, AttributeValue> item = eventItem(id, 1);

            assertThat(item).containsKeys("s", "v", "e", "n", "a", "d", "st", "c");
            assertThat(item.get("st").m()).containsKey("owner");
            assertThat(codec.decode(EventItems.fromItem(item, "test")))
                    .as("what a stream decoder makes of it")
                    .isEqualTo(created.events().getFirst());
            assertThat(store.events(WALLET, id).toList()).containsExactlyElementsOf(created.events());
        }

        @Test
        void an_event_and_a_state_that_do_not_fit_one_item_together_are_refused_before_anything_is_sent() {
            var wallets = handler(store, 0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            wallets.update(id, "ann", new Wallet.Memo("m".repeat(150_000)), 1); // the state keeps the memo: 300 KB
            counter.reset();

            assertThatThrownBy(() -> wallets.update(id, "ann", new Wallet.Memo("n".repeat(210_000)), 2))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("400 KB")
                    .hasMessageContaining("Nothing was written");
            assertThat(counter.counts())
                    .as("only the command's load")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L));
            assertThat(store.read(WALLET, id).orElseThrow().version()).isEqualTo(2);
        }
    }

    @Nested
    class Switching {
        @Test
        void from_two_item_mode_the_row_serves_until_the_next_command_puts_the_state_on_an_event() {
            var before = new DynamoDbEventStore(clients.dynamoDb(), twoItem, codec);
            String id = handler(before, 0)
                    .create("ann", new Wallet.Open("ann"))
                    .aggregate()
                    .id();
            handler(before, 0).update(id, "ann", new Wallet.Deposit(5), 1);
            counter.reset();

            assertThat(store.read(WALLET, id).orElseThrow().state().balance()).isEqualTo(5);
            assertThat(counter.counts())
                    .as("the newest event carries no state: the row at its version")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L, "GetItem", 1L));

            handler(store, 0).update(id, "ann", new Wallet.Deposit(2), 2);
            counter.reset();
            Aggregate<Wallet.State> after = store.read(WALLET, id).orElseThrow();
            assertThat(after.version()).isEqualTo(3);
            assertThat(after.state().balance()).isEqualTo(7);
            assertThat(counter.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L));
            assertThat(store.events(WALLET, id)
                            .map(AggregateEvent::aggregateVersion)
                            .toList())
                    .containsExactly(1L, 2L, 3L);
        }

        @Test
        void back_to_two_item_mode_reads_see_the_newest_event_and_commands_bring_the_row_up_to_date() {
            var wallets = handler(store, 0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            wallets.update(id, "ann", new Wallet.Deposit(5), 1);
            var back = new DynamoDbEventStore(clients.dynamoDb(), twoItem, codec);

            assertThat(back.read(WALLET, id).orElseThrow().state().balance())
                    .as("no row, yet the state")
                    .isEqualTo(5);

            CommandResult<Wallet.Event, Wallet.State> result =
                    handler(back, 0).update(id, "ann", new Wallet.Deposit(1), 2);
            assertThat(result.aggregate().version()).isEqualTo(3);
            assertThat(row(id))
                    .as("the row caught up with the command")
                    .isPresent()
                    .get()
                    .extracting(r -> r.get("v").n())
                    .isEqualTo("3");
            assertThat(back.read(WALLET, id).orElseThrow().state().balance()).isEqualTo(6);
            assertThat(store.read(WALLET, id).orElseThrow().state().balance())
                    .as("and back again")
                    .isEqualTo(6);
            handler(store, 0).update(id, "ann", new Wallet.Deposit(1), 3);
            assertThat(back.read(WALLET, id).orElseThrow().state().balance()).isEqualTo(7);
            assertThat(store.events(WALLET, id)
                            .map(AggregateEvent::aggregateVersion)
                            .toList())
                    .containsExactly(1L, 2L, 3L, 4L);
        }

        @Test
        void a_two_item_store_reads_the_row_alone_until_a_marker_says_otherwise() {
            var plain = new DynamoDbEventStore(clients.dynamoDb(), twoItem, codec);
            String id = handler(plain, 0)
                    .create("ann", new Wallet.Open("ann"))
                    .aggregate()
                    .id();
            counter.reset();

            plain.read(WALLET, id);

            assertThat(counter.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 1L));
            assertThat(clients.dynamoDb()
                            .getItem(b -> b.tableName(twoItem.aggregateTable("Wallet"))
                                    .key(AggregateItems.COMPACT.key(StorageMarkers.MARKER_ID)))
                            .hasItem())
                    .isFalse();
            handler(store, 0).update(id, "ann", new Wallet.Deposit(1), 1);
            assertThat(clients.dynamoDb()
                            .getItem(b -> b.tableName(twoItem.aggregateTable("Wallet"))
                                    .key(AggregateItems.COMPACT.key(StorageMarkers.MARKER_ID)))
                            .hasItem())
                    .as("a one-item append leaves the marker")
                    .isTrue();
        }
    }

    @Nested
    class UnreadableState {
        @Test
        void a_state_of_another_state_version_is_folded_and_a_repair_puts_the_state_on_the_newest_event() {
            var wallets = handler(store, 0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            wallets.update(id, "ann", new Wallet.Deposit(4), 1);
            var v2 = CommandHandler.builder(WALLET.withStateVersion(2), Wallet.DECIDER)
                    .store(store, store)
                    .cacheSize(0)
                    .build();

            assertThat(v2.read(id).orElseThrow().state().balance())
                    .as("folded from the events")
                    .isEqualTo(4);

            Map<String, AttributeValue> before = eventItem(id, 2);
            v2.repair(id);
            counter.reset();
            assertThat(v2.read(id).orElseThrow().state().balance()).isEqualTo(4);
            assertThat(counter.counts())
                    .as("the repair wrote a state of version 2 on the newest event")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L));
            Map<String, AttributeValue> after = eventItem(id, 2);
            assertThat(after).containsKey("sr").containsEntry("stv", AttributeValue.fromN("2"));
            for (String eventAttribute : List.of("s", "v", "e", "n", "a", "d")) {
                assertThat(after.get(eventAttribute))
                        .as("the event's own %s", eventAttribute)
                        .isEqualTo(before.get(eventAttribute));
            }
            assertThat(row(id)).as("no row").isEmpty();
            v2.update(id, "ann", new Wallet.Deposit(1), 2);
            counter.reset();
            assertThat(v2.read(id).orElseThrow().state().balance()).isEqualTo(5);
            assertThat(counter.counts())
                    .as("the command put a state of version 2 on its event")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1L));
        }
    }
}
