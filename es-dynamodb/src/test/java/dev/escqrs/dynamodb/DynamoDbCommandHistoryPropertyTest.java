package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.CommandHistory;
import dev.escqrs.testkit.internal.Purse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Random histories of commands and faults on DynamoDB (moto, through the {@link FaultProxy}), checked against a model
 * after every step ({@link CommandHistory#check()}): the faults of a network and a server, before the request reaches
 * it (a lost request, a 500, throttling, a transaction conflict) and after it committed (a lost response, a 500, a
 * response after the client's timeout, a reset mid-body), with creates, deposits with and without an expected version,
 * two writers at once and restarts. Acknowledged writes are in the log exactly once; a command whose outcome the store
 * reports unknown may or may not have landed, once at most. Fresh tables per history. {@code scripts/soak} runs more.
 */
class DynamoDbCommandHistoryPropertyTest {
    private static final int STEPS = Integer.getInteger("escqrs.history.steps", 15);
    private static FaultProxy proxy;
    private static DynamoDbClient client;

    private static synchronized DynamoDbClient client() {
        if (client == null) {
            try {
                proxy = new FaultProxy(DynamoDbFixture.SERVER.endpoint());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // one connection: the proxy forwards one request at a time anyway, as moto needs
            client = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(DynamoDbTestServer.REGION)
                    .credentialsProvider(DynamoDbTestServer.credentials())
                    .httpClientBuilder(Apache5HttpClient.builder().maxConnections(1)
                            .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
                    .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofMillis(800)).retryStrategy(RetryMode.STANDARD))
                    .build();
        }
        return client;
    }

    // tries: jqwik.tries.default (12 in this module's junit-platform.properties; scripts/soak sets more)
    @Property
    void every_history_keeps_the_promises_through_faults(@ForAll("histories") ActionChain<CommandHistory> chain) {
        chain.withInvariant(CommandHistory::check).run();
    }

    @AfterContainer
    static void figures() {
        System.out.println("dynamodb histories: " + CommandHistory.totals());
        if (client != null) {
            client.close();
            proxy.close();
        }
    }

    @Provide
    Arbitrary<ActionChain<CommandHistory>> histories() {
        return ActionChain.<CommandHistory>startWith(() -> {
                    DynamoDbClient c = client();
                    TableNames tables = DynamoDbFixture.freshTables(DynamoDbCommandHistoryPropertyTest.class,
                            DynamoDbFixture.CLIENTS.dynamoDb(), List.of(Purse.NAME));
                    DynamoDbEventStore store = new DynamoDbEventStore(c, tables, JsonCodec.create(Purse.TYPES),
                            new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50)));
                    return new CommandHistory(store, store, fault -> proxy.plan(FaultProxy.Fault.valueOf(fault)));
                })
                .withAction(new Create())
                .withAction(3, new Deposit())
                .withAction(2, new KeyedDeposit())
                .withAction(new Concurrent())
                .withAction(2, new Fault())
                .withAction(new Restart())
                .withMaxTransformations(STEPS);
    }

    static Arbitrary<String> ids() {
        return Arbitraries.of(CommandHistory.IDS);
    }

    static final class Create implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return ids().map(id -> Transformer.mutate("create " + id, h -> h.create(id)));
        }
    }

    static final class Deposit implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Combinators.combine(ids(), Arbitraries.integers().between(1, 9), Arbitraries.of(true, false))
                    .as((id, amount, expected) -> Transformer.mutate("deposit %d to %s%s".formatted(amount, id,
                            expected ? " at the version seen" : ""), h -> h.deposit(id, amount, expected)));
        }
    }

    /** A deposit with one of three idempotency keys: repeats of a key, across faults and restarts, are replayed. */
    static final class KeyedDeposit implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Combinators.combine(ids(), Arbitraries.integers().between(1, 3))
                    .as((id, key) -> Transformer.mutate("deposit %d to %s with key-%d".formatted(key, id, key),
                            h -> h.keyedDeposit(id, key)));
        }
    }

    static final class Concurrent implements Action.Dependent<CommandHistory> {
        @Override
        public boolean precondition(CommandHistory history) {
            return CommandHistory.IDS.stream().anyMatch(history::exists);
        }

        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer(CommandHistory history) {
            return Arbitraries.of(CommandHistory.IDS.stream().filter(history::exists).toList())
                    .map(id -> Transformer.mutate("two writers on " + id, h -> h.concurrentDeposits(id)));
        }
    }

    static final class Fault implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Arbitraries.of(FaultProxy.Fault.LOSE_REQUEST, FaultProxy.Fault.LOSE_RESPONSE_AFTER_COMMIT,
                            FaultProxy.Fault.ERROR_500, FaultProxy.Fault.ERROR_500_AFTER_COMMIT, FaultProxy.Fault.THROTTLE,
                            FaultProxy.Fault.TRANSACTION_CONFLICT, FaultProxy.Fault.SLOW_RESPONSE_AFTER_COMMIT,
                            FaultProxy.Fault.RESET_MID_BODY_AFTER_COMMIT)
                    .map(fault -> Transformer.mutate("fault " + fault, h -> h.fault(fault.name())));
        }
    }

    static final class Restart implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Arbitraries.just(Transformer.mutate("restart", CommandHistory::restart));
        }
    }
}
