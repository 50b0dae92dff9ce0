package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.event.AggregateEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads racing on one aggregate through DynamoDB, under the default retry policy: a command that gives up fails
 * the test (its {@code RetriesExhaustedException} fails the thread). Requests reach moto one at a time (one connection), yet the
 * threads interleave their loads and appends, so conditions fail and commands retry as they would on AWS.
 */
class DynamoDbRaceTest {
    @Test
    void four_threads_racing_on_one_wallet_lose_nothing_and_double_nothing() throws Exception {
        try (var clients = DynamoDbFixture.SERVER.serialClients(b -> { })) {
            TableNames tables = DynamoDbFixture.freshTables(getClass(), clients.dynamoDb(), List.of("Wallet"));
            DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, JsonCodec.create(Wallet.TYPES));
            CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> setup = handler(store);
            String id = setup.create("ann", new Wallet.Open("ann")).aggregate().id();

            List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
            List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> own = handler(store);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        long amount = thread * 1000L + i + 1;
                        CommandResult<Wallet.State, Wallet.Event> r =
                                own.handle(CommandRequest.update(id, "t" + thread, new Wallet.Deposit(amount)));
                        acknowledged.add(amount);
                        attempts.add(r.attempts());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();

            List<AggregateEvent<Wallet.Event>> events = store.events(WALLET, id).toList();
            assertThat(events).extracting(AggregateEvent::aggregateVersion)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 101).boxed().toList());
            assertThat(events.stream().skip(1).map(e -> ((Wallet.Deposited) e.payload()).amount()).toList())
                    .as("every acknowledged deposit exactly once").containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(store.read(WALLET, id)).isEqualTo(Reducer.of(WALLET, Wallet.DECIDER).fold(Optional.empty(), events));
            assertThat(attempts).as("the threads really raced").anyMatch(a -> a > 1);
        }
    }

    private static CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> handler(DynamoDbEventStore store) {
        return CommandHandler.builder(WALLET, Wallet.DECIDER).store(store, store).eventTypes(Wallet.TYPES).build();
    }
}
