package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** Commands on DynamoDB: the transaction's shape, what each operation costs in requests, conflicts and limits. */
class DynamoDbCommandTest {
    private final RequestCounter counter = new RequestCounter();
    private DynamoDbTestServer.SerialClients clients;
    private TableNames tables;
    private DynamoDbEventStore store;

    @BeforeEach
    void freshTables() {
        clients = DynamoDbFixture.SERVER.serialClients(
                b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(counter)));
        tables = DynamoDbFixture.freshTables(getClass(), clients.dynamoDb(), List.of("Wallet"));
        store = new DynamoDbEventStore(clients.dynamoDb(), tables, JsonCodec.create(Wallet.TYPES));
        counter.reset();
    }

    @AfterEach
    void close() {
        clients.close();
    }

    private CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> handler(int cacheSize) {
        return CommandHandler.builder(WALLET, Wallet.DECIDER)
                .store(store, store)
                .retryPolicy(RetryPolicy.immediate(3))
                .cacheSize(cacheSize)
                .build();
    }

    @Nested
    class Transactions {
        @Test
        void one_command_is_one_transaction_of_the_row_and_its_events() {
            var wallets = handler(0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            counter.reset();

            CommandResult<Wallet.Event, Wallet.State> result = wallets.update(id, "ann", new Wallet.DepositMany(3), 1);

            TransactWriteItemsRequest transaction = (TransactWriteItemsRequest) counter.requests().stream()
                    .filter(r -> r instanceof TransactWriteItemsRequest)
                    .findFirst()
                    .orElseThrow();
            assertThat(transaction.transactItems()).hasSize(4);
            Put row = transaction.transactItems().getFirst().put();
            assertThat(row.tableName()).isEqualTo(tables.aggregateTable(WALLET));
            assertThat(row.conditionExpression()).isEqualTo("#version = :expected");
            assertThat(row.expressionAttributeNames()).containsEntry("#version", "v");
            assertThat(row.expressionAttributeValues()).containsEntry(":expected", AttributeValue.fromN("1"));
            assertThat(row.returnValuesOnConditionCheckFailure())
                    .isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            assertThat(transaction.transactItems().subList(1, 4))
                    .extracting(TransactWriteItem::put)
                    .allSatisfy(put -> {
                        assertThat(put.tableName()).isEqualTo(tables.eventsTable());
                        assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(#sid)");
                    });
            assertThat(transaction.clientRequestToken())
                    .isEqualTo(result.events().getFirst().eventId());
        }

        @Test
        void a_new_aggregate_s_row_must_not_exist() {
            handler(0).create("ann", new Wallet.Open("ann"));
            TransactWriteItemsRequest transaction = (TransactWriteItemsRequest) counter.requests().stream()
                    .filter(r -> r instanceof TransactWriteItemsRequest)
                    .findFirst()
                    .orElseThrow();
            assertThat(transaction.transactItems().getFirst().put().conditionExpression())
                    .isEqualTo("attribute_not_exists(#id)");
        }

        @Test
        void state_fields_with_awkward_names_are_stored_natively_and_read_back() {
            var wallets = handler(0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            wallets.handle(CommandRequest.update(id, "ann", new Wallet.Memo("hello")));
            wallets.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(5)));

            Map<String, AttributeValue> row = clients.dynamoDb()
                    .getItem(
                            b -> b.tableName(tables.aggregateTable(WALLET)).key(Map.of("id", AttributeValue.fromS(id))))
                    .item();
            assertThat(row).containsEntry("v", AttributeValue.fromN("3")).doesNotContainKey("balance");
            assertThat(row.get("d").m())
                    .containsEntry("a-b", AttributeValue.fromS("hello"))
                    .containsEntry("#x", AttributeValue.fromN("1"))
                    .containsEntry("size", AttributeValue.fromN("5"))
                    .containsEntry("balance", AttributeValue.fromN("5"));
            assertThat(store.read(WALLET, id).orElseThrow().state())
                    .isEqualTo(new Wallet.State("ann", 5, "hello", 1, 5));
        }
    }

    @Nested
    class Cost {
        @Test
        void a_create_is_one_transaction_and_no_read() {
            store.read(WALLET, "w-none"); // the store's look for the one-item marker, once a minute per type
            counter.reset();

            handler(0).create("ann", new Wallet.Open("ann"));

            assertThat(counter.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("TransactWriteItems", 1L));
        }

        @Test
        void a_create_of_a_taken_id_is_one_refused_transaction_and_says_already_exists() {
            handler(0).handle(CommandRequest.createWithId("w-taken", "ann", new Wallet.Open("ann")));
            counter.reset();

            assertThatThrownBy(() ->
                            handler(0).handle(CommandRequest.createWithId("w-taken", "bob", new Wallet.Open("bob"))))
                    .isInstanceOf(dev.escqrs.core.error.ConflictException.class)
                    .hasMessage("Wallet w-taken already exists (at version 1)");
            assertThat(counter.counts())
                    .as("no read before, no retry after")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("TransactWriteItems", 1L));
            assertThat(store.read(WALLET, "w-taken").orElseThrow().state().owner())
                    .isEqualTo("ann");
        }

        @Test
        void a_history_read_is_consistent_unless_asked_otherwise() {
            String id =
                    handler(0).create("ann", new Wallet.Open("ann")).aggregate().id();
            counter.reset();

            store.events(WALLET, id).toList();
            store.events(WALLET, id, 1, dev.escqrs.core.port.ReadConsistency.EVENTUAL)
                    .toList();

            assertThat(counter.requests())
                    .filteredOn(r -> r instanceof software.amazon.awssdk.services.dynamodb.model.QueryRequest)
                    .extracting(r -> ((software.amazon.awssdk.services.dynamodb.model.QueryRequest) r).consistentRead())
                    .containsExactly(true, false);
        }

        @Test
        void a_cold_command_is_two_requests_a_warm_one_is_one_and_a_read_is_one() {
            String id =
                    handler(0).create("ann", new Wallet.Open("ann")).aggregate().id();
            var cold = handler(100);
            counter.reset();

            cold.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(1)));
            assertThat(counter.counts())
                    .as("cold command")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 1L, "TransactWriteItems", 1L));

            counter.reset();
            cold.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(2)).expectingVersion(2));
            assertThat(counter.counts())
                    .as("warm command")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("TransactWriteItems", 1L));

            counter.reset();
            assertThat(store.read(WALLET, id)).isPresent();
            assertThat(counter.counts()).as("read").containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 1L));
        }

        @Test
        void a_lost_race_refreshes_from_the_refusal_and_costs_no_extra_read() {
            var alice = handler(100);
            var bob = handler(100);
            String id = alice.create("ann", new Wallet.Open("ann")).aggregate().id();
            bob.handle(CommandRequest.update(id, "bob", new Wallet.Deposit(10)));
            counter.reset();

            CommandResult<Wallet.Event, Wallet.State> result =
                    alice.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(1)));

            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.aggregate().state().balance()).isEqualTo(11);
            assertThat(counter.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("TransactWriteItems", 2L));
        }
    }

    @Nested
    class Conflicts {
        @Test
        void a_stale_caller_version_is_a_version_mismatch_and_nothing_is_sent() {
            var wallets = handler(0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            wallets.update(id, "ann", new Wallet.Deposit(1), 1);
            counter.reset();

            assertThatThrownBy(() -> wallets.update(id, "bob", new Wallet.Deposit(2), 1))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("Wallet %s version mismatch: expected 1, got 2".formatted(id));
            assertThat(counter.count("TransactWriteItems")).isZero();
        }

        @Test
        void a_store_level_conflict_names_the_versions_and_carries_the_current_row() {
            var wallets = handler(0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            var stale = store.read(WALLET, id).orElseThrow();
            wallets.update(id, "ann", new Wallet.Deposit(7), 1);

            var next = dev.escqrs.core.aggregate.Reducer.of(WALLET, Wallet.DECIDER)
                    .apply(
                            java.util.Optional.of(stale),
                            new dev.escqrs.core.event.AggregateEvent<>(
                                    dev.escqrs.core.event.EventIds.system().next(),
                                    "WalletDeposited",
                                    "Wallet",
                                    id,
                                    2,
                                    "bob",
                                    new Wallet.Deposited(1),
                                    dev.escqrs.core.event.EventMetadata.NONE));
            assertThatThrownBy(() -> store.append(new dev.escqrs.core.port.AppendBatch<>(
                            WALLET,
                            next,
                            List.of(new dev.escqrs.core.event.AggregateEvent<>(
                                    dev.escqrs.core.event.EventIds.system().next(),
                                    "WalletDeposited",
                                    "Wallet",
                                    id,
                                    2,
                                    "bob",
                                    (Wallet.Event) new Wallet.Deposited(1),
                                    dev.escqrs.core.event.EventMetadata.NONE)))))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConflictException.Kind.CONCURRENT_APPEND);
                        assertThat(e)
                                .hasMessage("Wallet %s was changed concurrently: append expected version 1, got 2"
                                        .formatted(id));
                        assertThat(WALLET.currentIn(e))
                                .hasValueSatisfying(current ->
                                        assertThat(current.state()).isEqualTo(new Wallet.State("ann", 7, "", 1, 0)));
                    });
        }
    }

    @Nested
    class Limits {
        @Test
        void more_than_99_events_in_one_command_is_refused_before_sending() {
            var wallets = handler(0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            counter.reset();

            assertThatThrownBy(() -> wallets.update(id, "ann", new Wallet.DepositMany(100), 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("100 events in one command; at most 99 fit in one DynamoDB transaction");
            assertThat(counter.count("TransactWriteItems")).isZero();
            assertThat(store.read(WALLET, id).orElseThrow().version()).isEqualTo(1);
        }

        @Test
        void ninety_nine_events_fit() {
            var wallets = handler(0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            assertThat(wallets.update(id, "ann", new Wallet.DepositMany(99), 1)
                            .aggregate()
                            .version())
                    .isEqualTo(100);
        }

        @Test
        void an_item_over_400_kb_is_refused_before_sending() {
            var wallets = handler(0);
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            counter.reset();

            assertThatThrownBy(() -> wallets.update(id, "ann", new Wallet.Memo("x".repeat(410_000)), 1))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("Wallet " + id)
                    .hasMessageContaining(
                            "the limit is 409,600 bytes (400 KB, DynamoDB's item limit, on every store). Nothing was written.");
            assertThat(counter.count("TransactWriteItems")).isZero();
            assertThat(store.read(WALLET, id).orElseThrow().version()).isEqualTo(1);
        }

        @Test
        void a_transaction_over_4_mb_is_refused_before_sending() {
            String id =
                    handler(0).create("ann", new Wallet.Open("ann")).aggregate().id();
            var current = store.read(WALLET, id).orElseThrow();
            var ids = dev.escqrs.core.event.EventIds.system();
            List<dev.escqrs.core.event.AggregateEvent<Wallet.Event>> events = new java.util.ArrayList<>();
            for (int v = 2; v <= 13; v++) {
                events.add(new dev.escqrs.core.event.AggregateEvent<>(
                        ids.next(),
                        "WalletMemoed",
                        "Wallet",
                        id,
                        v,
                        "ann",
                        new Wallet.Memoed("y".repeat(380_000)),
                        dev.escqrs.core.event.EventMetadata.NONE));
            }
            var after = dev.escqrs.core.aggregate.Reducer.of(WALLET, Wallet.DECIDER)
                    .fold(java.util.Optional.of(current), events)
                    .orElseThrow();
            var small = new dev.escqrs.core.aggregate.Aggregate<>(after.meta(), new Wallet.State("ann", 0, "", 0, 0));
            counter.reset();

            assertThatThrownBy(() -> store.append(new dev.escqrs.core.port.AppendBatch<>(WALLET, small, events)))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("one DynamoDB transaction holds at most 4,194,304 bytes (4 MB)");
            assertThat(counter.total()).isZero();
        }

        @Test
        void a_state_field_named_like_the_rows_own_attributes_cannot_collide() {
            record Clash(long v, String d) {}
            var type =
                    dev.escqrs.core.aggregate.AggregateType.of("Wallet", Clash.class, Wallet.Event.class, Wallet.TYPES);
            var events = List.of(new dev.escqrs.core.event.AggregateEvent<Wallet.Event>(
                    dev.escqrs.core.event.EventIds.system().next(),
                    "WalletOpened",
                    "Wallet",
                    "w1",
                    1,
                    "ann",
                    new Wallet.Opened("ann"),
                    dev.escqrs.core.event.EventMetadata.NONE));
            var aggregate = new dev.escqrs.core.aggregate.Aggregate<>(
                    new dev.escqrs.core.aggregate.AggregateMeta(
                            "w1", 1, "ann", java.time.Instant.now(), java.time.Instant.now()),
                    new Clash(3, "yesterday"));

            store.append(new dev.escqrs.core.port.AppendBatch<>(type, aggregate, events));

            assertThat(store.read(type, "w1").orElseThrow()).isEqualTo(aggregate);
            Map<String, AttributeValue> row = clients.dynamoDb()
                    .getItem(b ->
                            b.tableName(tables.aggregateTable(WALLET)).key(Map.of("id", AttributeValue.fromS("w1"))))
                    .item();
            assertThat(row.get("v").n()).as("the row's own version").isEqualTo("1");
            assertThat(row.get("d").m().get("v").n()).as("the state's field").isEqualTo("3");
            assertThat(row.get("d").m().get("d").s()).as("the state's field").isEqualTo("yesterday");
        }
    }
}
