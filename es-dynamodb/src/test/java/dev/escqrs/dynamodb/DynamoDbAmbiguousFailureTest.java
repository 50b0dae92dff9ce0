package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Failures where the caller cannot know whether the write happened. moto ignores the ClientRequestToken (a replayed
 * transaction is evaluated again), so these tests prove the read-back: after a lost response, the retry's condition
 * fails and the store recognises its own event.
 */
class DynamoDbAmbiguousFailureTest {
    /** The store's append request: a transaction, or in one-item mode a single event's PutItem. */
    static final String APPEND = DynamoDbFixture.STORAGE == StorageMode.ONE_ITEM ? "PutItem" : "TransactWriteItems";
    /** The request of a consistent read of the current aggregate: the row's GetItem, or the newest event's Query. */
    static final String LOAD = DynamoDbFixture.STORAGE == StorageMode.ONE_ITEM ? "Query" : "GetItem";

    /** Loses the response of the next {@code n} appends after the server answered (it committed). */
    static final class LoseResponses implements ExecutionInterceptor {
        final AtomicInteger toLoseAfterCommit = new AtomicInteger();
        final AtomicInteger toLoseBeforeSending = new AtomicInteger();
        /** Runs after a response was lost, before the caller's retry: another writer's move. */
        volatile Runnable afterLostResponse = () -> {};

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (isTransaction(context, attributes) && toLoseBeforeSending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw SdkClientException.create("injected: the connection dropped before the request was sent");
            }
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (isTransaction(context, attributes) && toLoseAfterCommit.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Runnable other = afterLostResponse;
                afterLostResponse = () -> {};
                other.run();
                throw SdkClientException.create("injected: the response was lost after the server committed");
            }
            return context.httpResponse();
        }

        /** An append: not the one-item marker's put, which goes to the aggregate table. */
        private static boolean isTransaction(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            return APPEND.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && !(context.request() instanceof PutItemRequest put
                            && !put.tableName().endsWith("events"));
        }
    }

    private final LoseResponses faults = new LoseResponses();
    private final RequestCounter counter = new RequestCounter();
    private DynamoDbTestServer.SerialClients clients;
    private DynamoDbEventStore store;
    private CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> wallets;

    @BeforeEach
    void setUp() {
        clients = DynamoDbFixture.SERVER.serialClients(b ->
                b.overrideConfiguration(c -> c.addExecutionInterceptor(faults).addExecutionInterceptor(counter)));
        TableNames tables = DynamoDbFixture.freshTables(getClass(), clients.dynamoDb(), List.of("Wallet"));
        store = new DynamoDbEventStore(
                clients.dynamoDb(),
                tables,
                JsonCodec.create(Wallet.TYPES),
                new RetryPolicy(4, Duration.ZERO, Duration.ofMillis(5)));
        wallets = CommandHandler.builder(WALLET, Wallet.DECIDER)
                .store(store, store)
                .retryPolicy(RetryPolicy.immediate(3))
                .cacheSize(0)
                .build();
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void a_response_lost_after_the_commit_is_a_success_with_exactly_one_event() {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        faults.toLoseAfterCommit.set(1);
        counter.reset();

        CommandResult<Wallet.Event, Wallet.State> result = wallets.update(id, "ann", new Wallet.Deposit(5), 1);
        long appends = counter.count(APPEND);
        long loads = counter.count(LOAD);

        assertThat(result.aggregate().version()).isEqualTo(2);
        assertThat(result.attempts())
                .as("the caller never saw a conflict for its own write")
                .isEqualTo(1);
        List<AggregateEvent<Wallet.Event>> events = store.events(WALLET, id).toList();
        assertThat(events).extracting(AggregateEvent::aggregateVersion).containsExactly(1L, 2L);
        assertThat(events.get(1).eventId()).isEqualTo(result.events().getFirst().eventId());
        assertThat(appends).as("sent once, retried once with the same token").isEqualTo(2);
        assertThat(loads)
                .as("the command's load only: the refused row (or event) showed our event id")
                .isEqualTo(1);
        assertThat(store.read(WALLET, id).orElseThrow().state().balance()).isEqualTo(5);
    }

    @Test
    void a_lost_response_followed_by_another_writer_is_found_by_reading_our_event_back() {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        // bob writes through another client: ours still holds its one connection while the response is being lost
        DynamoDbEventStore bobs =
                new DynamoDbEventStore(DynamoDbFixture.CLIENTS.dynamoDb(), store.tables(), store.codec());
        var bob = CommandHandler.builder(WALLET, Wallet.DECIDER)
                .store(bobs, bobs)
                .cacheSize(0)
                .build();
        // our response is lost; before our retry reaches the server, bob appends version 3
        faults.afterLostResponse = () -> bob.handle(CommandRequest.update(id, "bob", new Wallet.Deposit(100)));
        faults.toLoseAfterCommit.set(1);
        counter.reset();

        CommandResult<Wallet.Event, Wallet.State> result = wallets.update(id, "ann", new Wallet.Deposit(5), 1);
        long reads = counter.count("GetItem") + counter.count("Query");

        assertThat(result.attempts()).isEqualTo(1);
        assertThat(store.events(WALLET, id).toList())
                .extracting(AggregateEvent::aggregateVersion)
                .containsExactly(1L, 2L, 3L);
        assertThat(store.events(WALLET, id).toList().get(1).eventId())
                .isEqualTo(result.events().getFirst().eventId());
        if (DynamoDbFixture.STORAGE == StorageMode.ONE_ITEM) {
            assertThat(reads)
                    .as("our load only: the refused put returned the item in our slot, our event")
                    .isEqualTo(1);
        } else {
            assertThat(reads)
                    .as("our load, and the read-back of our event (the refused row is bob's)")
                    .isEqualTo(2);
        }
        assertThat(store.read(WALLET, id).orElseThrow().state().balance()).isEqualTo(105);
    }

    @Test
    void a_lost_response_of_a_create_is_a_success_too() {
        faults.toLoseAfterCommit.set(1);

        CommandResult<Wallet.Event, Wallet.State> result = wallets.create("ann", new Wallet.Open("ann"));

        assertThat(store.events(WALLET, result.aggregate().id()).toList()).hasSize(1);
        assertThat(store.read(WALLET, result.aggregate().id())).isPresent();
    }

    @Test
    void a_request_lost_before_it_arrived_is_retried_and_written_once() {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        faults.toLoseBeforeSending.set(2);

        wallets.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(3)));

        assertThat(store.events(WALLET, id).toList()).hasSize(2);
    }

    @Test
    void when_every_attempt_fails_the_caller_gets_a_specific_error_and_nothing_is_written() {
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        faults.toLoseBeforeSending.set(100);

        assertThatThrownBy(() -> wallets.handle(CommandRequest.update(id, "ann", new Wallet.Deposit(3))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("Wallet " + id + " append of versions 2 to 2 failed 4 times")
                .hasMessageContaining("so it was not written");
        assertThat(store.events(WALLET, id).toList()).hasSize(1);
        assertThat(store.read(WALLET, id).orElseThrow().version()).isEqualTo(1);
    }
}
