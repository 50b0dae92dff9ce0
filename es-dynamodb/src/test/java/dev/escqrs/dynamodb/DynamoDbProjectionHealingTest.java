package dev.escqrs.dynamodb;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A lost change feed position on DynamoDB, as AWS loses it: a checkpoint of a stream the table no longer has (the
 * table recreated with its items, as a restore from a backup does), a sequence number past the 24-hour trim horizon and
 * an iterator that expired (both answered by the {@link FaultProxy} as AWS answers them). The runner heals each by
 * catching up from the store: every event held, none applied twice, the heal counted.
 */
class DynamoDbProjectionHealingTest {
    private final JsonCodec codec = JsonCodec.create(Account.TYPES);
    private final EventIds ids = EventIds.system();
    private FaultProxy proxy;
    private SdkHttpClient http;
    private DynamoDbClient client;
    private DynamoDbStreamsClient streams;
    private TableNames tables;
    private DynamoDbEventStore store;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new FaultProxy(DynamoDbFixture.SERVER.endpoint());
        // every request through the proxy, over one connection: moto sees them one at a time
        http = Apache5HttpClient.builder()
                .maxConnections(1)
                .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                .build();
        client = DynamoDbClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .build();
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .build();
        tables = DynamoDbFixture.freshTables(getClass(), client, Account.AGGREGATE_NAMES);
        store = new DynamoDbEventStore(client, tables, codec);
    }

    @AfterEach
    void tearDown() {
        new DynamoDbTables(client, tables).deleteTables(Account.AGGREGATE_NAMES);
        client.close();
        streams.close();
        http.close();
        proxy.close();
    }

    private void write(String id, int deposits) {
        Account.openAndDeposit(store, store, ACCOUNT, ids, id, deposits);
    }

    private List<Long> stored(String id) {
        try (Stream<AggregateEvent<Account.Event>> events = store.events(ACCOUNT, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    private ProjectionRunner runner(RecordingProjection projection, Heals heals) {
        return ProjectionRunner.builder(
                        ProjectionSpec.builder("healing", projection.durable(new DynamoDbCheckpoints(client, tables)))
                                .aggregates(ACCOUNT)
                                .store(store)
                                .observer(heals)
                                .build())
                .feed(new DynamoDbChangeFeed(client, streams, tables, codec))
                .segments(2)
                .pollInterval(Duration.ofMillis(50))
                .build();
    }

    private void awaitAll(RecordingProjection projection, String... accounts) {
        Eventually.await(
                "every event of " + List.of(accounts),
                Eventually.DEFAULT_TIMEOUT,
                () -> Stream.of(accounts)
                        .allMatch(id -> projection.events("Account", id).stream()
                                .map(AggregateEvent::aggregateVersion)
                                .toList()
                                .equals(stored(id))),
                () -> "(holds %d)".formatted(projection.total()));
    }

    private void awaitCaughtUp(ProjectionRunner runner, DynamoDbChangeFeed feed) {
        Eventually.await(
                "the checkpoint at the end of the stream",
                () -> runner.savedCheckpoint()
                        .map(c -> feed.read(c, 100).isEmpty())
                        .orElse(false));
    }

    /** The heals a runner reported. */
    static final class Heals implements ProjectionObserver {
        final List<FeedPositionLostException.Reason> reasons = new CopyOnWriteArrayList<>();

        @Override
        public void healing(String projection, FeedPositionLostException.Reason reason) {
            reasons.add(reason);
        }
    }

    @Test
    void a_checkpoint_of_a_replaced_stream_heals_from_the_store_at_the_restart() throws Exception {
        write("a", 3);
        RecordingProjection projection = new RecordingProjection();
        ProjectionRunner first = runner(projection, new Heals());
        try (ProjectionRunner.Running running = first.start()) {
            awaitAll(projection, "a");
            awaitCaughtUp(first, new DynamoDbChangeFeed(client, streams, tables, codec));
            assertThat(running.status().heals()).isZero();
        }
        String before = streamArn();
        Checkpoint saved = first.savedCheckpoint().orElseThrow();
        assertThat(saved.value()).contains(before);

        recreateEventsTableWithItsItems();
        assertThat(streamArn()).as("a restored table has a new stream").isNotEqualTo(before);
        write("a", 1);
        write("b", 2);

        Heals heals = new Heals();
        ProjectionRunner second = runner(projection, heals);
        try (ProjectionRunner.Running running = second.start()) {
            awaitAll(projection, "a", "b");
            Eventually.await(
                    "the runner to tail the new stream",
                    () -> running.phase() == ProjectionRunner.Phase.TAILING
                            && running.checkpoint()
                                    .map(c -> c.value().contains(streamArn()))
                                    .orElse(false));
            write("c", 1);
            awaitAll(projection, "a", "b", "c");
            assertThat(running.status().heals()).isEqualTo(1);
        }
        assertThat(heals.reasons).containsExactly(FeedPositionLostException.Reason.STREAM_REPLACED);
        assertThat(projection.breaches()).isEmpty();
        assertThat(second.savedCheckpoint().orElseThrow().value()).contains(streamArn());
    }

    @Test
    void a_trimmed_sequence_number_heals_from_the_store_while_tailing() throws Exception {
        write("t", 2);
        RecordingProjection projection = new RecordingProjection();
        Heals heals = new Heals();
        ProjectionRunner runner = runner(projection, heals);
        try (ProjectionRunner.Running running = runner.start()) {
            awaitAll(projection, "t");
            awaitCaughtUp(runner, new DynamoDbChangeFeed(client, streams, tables, codec));
            proxy.planStream(FaultProxy.StreamFault.TRIMMED);
            write("t", 2);
            write("u", 1);
            awaitAll(projection, "t", "u");
            Eventually.await(
                    "the heal to be over",
                    () -> running.phase() == ProjectionRunner.Phase.TAILING && proxy.pendingFaults() == 0);
            assertThat(running.status().heals()).isEqualTo(1);
            assertThat(running.lastFailure()).isEmpty();
        }
        assertThat(heals.reasons).containsExactly(FeedPositionLostException.Reason.TRIMMED);
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void one_expired_iterator_is_replaced_by_a_fresh_one_and_a_second_in_a_row_heals() throws Exception {
        write("e", 1);
        RecordingProjection projection = new RecordingProjection();
        Heals heals = new Heals();
        ProjectionRunner runner = runner(projection, heals);
        try (ProjectionRunner.Running running = runner.start()) {
            awaitAll(projection, "e");
            awaitCaughtUp(runner, new DynamoDbChangeFeed(client, streams, tables, codec));

            proxy.planStream(FaultProxy.StreamFault.ITERATOR_EXPIRED);
            write("e", 1);
            awaitAll(projection, "e");
            Eventually.await("the fault to be met", () -> proxy.pendingFaults() == 0);
            assertThat(running.status().heals())
                    .as("a fresh iterator from the checkpoint lost nothing")
                    .isZero();

            proxy.planStream(FaultProxy.StreamFault.ITERATOR_EXPIRED, FaultProxy.StreamFault.ITERATOR_EXPIRED);
            write("e", 1);
            awaitAll(projection, "e");
            Eventually.await("the heal", () -> running.status().heals() == 1 && proxy.pendingFaults() == 0);
        }
        assertThat(heals.reasons).containsExactly(FeedPositionLostException.Reason.ITERATOR_EXPIRED);
        assertThat(projection.breaches()).isEmpty();
    }

    private String streamArn() {
        return client.describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
    }

    /** What a restore from a backup does to the stream: the same items in a table with a new stream. */
    private void recreateEventsTableWithItsItems() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(tables.eventsTable()).consistentRead(true))
                .items()
                .forEach(items::add);
        client.deleteTable(b -> b.tableName(tables.eventsTable()));
        client.waiter().waitUntilTableNotExists(b -> b.tableName(tables.eventsTable()));
        new DynamoDbTables(client, tables).createTables(Account.AGGREGATE_NAMES);
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> puts = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item ->
                            WriteRequest.builder().putRequest(p -> p.item(item)).build())
                    .toList();
            client.batchWriteItem(b -> b.requestItems(Map.of(tables.eventsTable(), puts)));
        }
    }
}
