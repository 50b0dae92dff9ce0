package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.CommandHistory;
import dev.escqrs.testkit.internal.CommandHistoryChains;
import dev.escqrs.testkit.internal.Purse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.ActionChain;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Random histories of commands and faults on DynamoDB (moto, through the {@link FaultProxy}), checked against a model
 * after every step ({@link CommandHistory#check()}): the faults of a network and a server, before the request reaches
 * it (a lost request, a 500, throttling, a transaction conflict) and after it committed (a lost response, a 500, a
 * response after the client's timeout, a reset mid-body), with creates, deposits with and without an expected version,
 * two writers at once and restarts. Acknowledged writes are in the log exactly once; a command whose outcome the store
 * reports unknown may or may not have landed, once at most. Fresh tables per history. {@code scripts/soak} runs more.
 */
class DynamoDbCommandHistoryPropertyTest {
    private static final int STEPS = Integer.getInteger("escqrs-test.history.steps", 15);
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
            client = DynamoDbClient.builder()
                    .endpointOverride(proxy.endpoint())
                    .region(DynamoDbTestServer.REGION)
                    .credentialsProvider(DynamoDbTestServer.credentials())
                    .httpClientBuilder(Apache5HttpClient.builder()
                            .maxConnections(1)
                            .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
                    .overrideConfiguration(
                            c -> c.apiCallAttemptTimeout(Duration.ofMillis(800)).retryStrategy(RetryMode.STANDARD))
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
        return CommandHistoryChains.of(
                () -> {
                    DynamoDbClient c = client();
                    TableNames tables = DynamoDbFixture.freshTables(
                            DynamoDbCommandHistoryPropertyTest.class,
                            DynamoDbFixture.CLIENTS.dynamoDb(),
                            List.of(Purse.NAME));
                    DynamoDbEventStore store = new DynamoDbEventStore(
                            c,
                            tables,
                            JsonCodec.create(Purse.TYPES),
                            new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50)));
                    return new CommandHistory(store, store, fault -> proxy.plan(FaultProxy.Fault.valueOf(fault)));
                },
                STEPS,
                Stream.of(
                                FaultProxy.Fault.LOSE_REQUEST,
                                FaultProxy.Fault.LOSE_RESPONSE_AFTER_COMMIT,
                                FaultProxy.Fault.ERROR_500,
                                FaultProxy.Fault.ERROR_500_AFTER_COMMIT,
                                FaultProxy.Fault.THROTTLE,
                                FaultProxy.Fault.TRANSACTION_CONFLICT,
                                FaultProxy.Fault.SLOW_RESPONSE_AFTER_COMMIT,
                                FaultProxy.Fault.RESET_MID_BODY_AFTER_COMMIT)
                        .map(Enum::name)
                        .toList(),
                2);
    }
}
