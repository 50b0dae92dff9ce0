package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.dynamodb.table.MissingTableException;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Faults injected at the HTTP layer by a loopback proxy between the real SDK and moto. After each, the caller saw
 * success or a specific exception (never a false conflict for its own write), and nothing is lost or doubled.
 */
class DynamoDbFaultTest {
    private FaultProxy proxy;
    private DynamoDbClient client;
    private DynamoDbEventStore store;
    private TableNames tables;
    private CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> wallets;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new FaultProxy(DynamoDbFixture.SERVER.endpoint());
        client = DynamoDbClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(
                        c -> c.apiCallAttemptTimeout(Duration.ofMillis(800)).retryStrategy(RetryMode.STANDARD))
                .build();
        tables = DynamoDbFixture.freshTables(getClass(), DynamoDbFixture.CLIENTS.dynamoDb(), List.of("Wallet"));
        store = new DynamoDbEventStore(
                client,
                tables,
                JsonCodec.create(Wallet.TYPES),
                new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50)));
        wallets = CommandHandler.builder(WALLET, Wallet.DECIDER)
                .store(store, store)
                .retryPolicy(RetryPolicy.immediate(3))
                .cacheSize(0)
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        proxy.close();
    }

    @Test
    void a_read_the_store_does_not_answer_is_store_unavailable_and_one_of_a_missing_table_names_it() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (DynamoDbClient dead = DynamoDbClient.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + closed))
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build()) {
            DynamoDbEventStore unreachable =
                    new DynamoDbEventStore(dead, tables.withEventsByName(2), JsonCodec.create(Wallet.TYPES));
            assertThatThrownBy(() -> unreachable.read(WALLET, "w-1"))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith(
                            DynamoDbFixture.STORAGE == StorageMode.ONE_ITEM
                                    ? "reading the newest event of Wallet w-1 failed"
                                    : "reading the row of Wallet w-1 failed");
            assertThatThrownBy(() -> unreachable.events(WALLET, "w-1").toList())
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("reading the events of Wallet w-1 failed");
            assertThatThrownBy(() -> unreachable.eventsByName("WalletOpened").toList())
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> unreachable
                            .allEvents(java.util.Set.of("Wallet"), 0, 1)
                            .toList())
                    .isInstanceOf(StoreUnavailableException.class);
        }
        DynamoDbEventStore missingTables =
                new DynamoDbEventStore(client, TableNames.withPrefix("never-created-"), JsonCodec.create(Wallet.TYPES));
        assertThatThrownBy(() -> missingTables.read(WALLET, "w-1"))
                .as("a missing table is unavailable until created, named")
                .isInstanceOf(MissingTableException.class)
                .hasMessageContaining("never-created-Wallet does not exist");
    }

    private void assertInvariants(String id, int expectedEvents) {
        List<AggregateEvent<Wallet.Event>> events = store.events(WALLET, id).toList();
        assertThat(events)
                .extracting(AggregateEvent::aggregateVersion)
                .as("no gap, no double")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, expectedEvents).boxed().toList());
        assertThat(events).extracting(AggregateEvent::eventId).doesNotHaveDuplicates();
        assertThat(store.read(WALLET, id))
                .as("the row is the fold of the log")
                .isEqualTo(Reducer.of(WALLET, Wallet.DECIDER).fold(Optional.empty(), events));
    }

    @ParameterizedTest(name = "{0}") // every fault that passes; a refusal does not (its own test below)
    @EnumSource(value = FaultProxy.Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "KEY_SCHEMA_REFUSED")
    void one_fault_on_a_command_ends_in_success_with_exactly_one_event(FaultProxy.Fault fault) {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        proxy.transactionsSeenByServer.set(0);
        proxy.plan(fault);

        CommandResult<Wallet.Event, Wallet.State> result =
                wallets.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(5)));

        assertThat(proxy.pendingFaults()).as("the fault was injected").isZero();
        assertThat(proxy.transactionsSeenByServer.get())
                .as("transactions that reached the server")
                .isEqualTo(fault.name().endsWith("AFTER_COMMIT") ? 2 : 1);
        assertThat(result.attempts())
                .as("the caller never saw a conflict for its own write")
                .isEqualTo(1);
        assertThat(result.aggregate().version()).isEqualTo(2);
        assertInvariants(id, 2);
        assertThat(store.read(WALLET, id).orElseThrow().state().balance()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}") // every fault that passes; a refusal does not (its own test below)
    @EnumSource(value = FaultProxy.Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "KEY_SCHEMA_REFUSED")
    void one_fault_on_a_create_ends_in_success_with_exactly_one_aggregate(FaultProxy.Fault fault) {
        proxy.plan(fault);

        CommandResult<Wallet.Event, Wallet.State> result = wallets.create("ann", new Wallet.Open("ann"));

        assertThat(result.attempts()).isEqualTo(1);
        assertInvariants(result.aggregate().id(), 1);
    }

    @Test
    void a_write_refused_for_a_key_the_table_does_not_have_names_the_layout_and_is_not_retried() {
        proxy.plan(FaultProxy.Fault.KEY_SCHEMA_REFUSED);

        assertThatThrownBy(() -> wallets.create("ann", new Wallet.Open("ann")))
                .isInstanceOf(dev.escqrs.core.error.EscqrsException.class)
                .hasMessageContaining("was refused by DynamoDB: the table's key attributes are not those of the "
                        + "TableNames' item layout")
                .hasMessageContaining("TableNames.withLayout(ItemLayout.DESCRIPTIVE)")
                .hasMessageContaining(
                        "DynamoDB said: One or more parameter values were invalid: Missing the key streamId");
        assertThat(proxy.pendingFaults()).isZero();
        assertThat(proxy.transactionsSeenByServer.get())
                .as("a refusal is not retried")
                .isZero();
    }

    @Test
    void faults_on_every_attempt_end_in_a_specific_error_and_nothing_written() {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        proxy.plan(
                FaultProxy.Fault.THROTTLE,
                FaultProxy.Fault.THROTTLE,
                FaultProxy.Fault.THROTTLE,
                FaultProxy.Fault.THROTTLE);

        assertThatThrownBy(() -> wallets.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(5))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("failed 4 times")
                .hasMessageContaining("nothing was written");
        assertInvariants(id, 1);
    }

    @Test
    void ambiguous_faults_on_every_attempt_are_resolved_by_reading_back() {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        proxy.plan(
                FaultProxy.Fault.LOSE_REQUEST,
                FaultProxy.Fault.ERROR_500,
                FaultProxy.Fault.LOSE_REQUEST,
                FaultProxy.Fault.LOSE_REQUEST);

        assertThatThrownBy(() -> wallets.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(5))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("a consistent read afterwards does not find it, so it was not written");
        assertInvariants(id, 1);
    }

    @Test
    void a_committed_write_whose_every_answer_was_lost_is_found_by_the_read_back() {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        proxy.plan(
                FaultProxy.Fault.LOSE_RESPONSE_AFTER_COMMIT,
                FaultProxy.Fault.LOSE_REQUEST,
                FaultProxy.Fault.LOSE_REQUEST,
                FaultProxy.Fault.LOSE_REQUEST);

        CommandResult<Wallet.Event, Wallet.State> result =
                wallets.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(5)));

        assertThat(result.aggregate().version()).isEqualTo(2);
        assertInvariants(id, 2);
    }
}
