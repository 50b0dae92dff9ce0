package dev.escqrs.dynamodb;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.MissingTableException;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB unreachable, and a table missing, as a runner meets them: it backs off, logs an outage in a few lines (no
 * line and stack trace per attempt), and goes on by itself when the store is back, with every event applied. The
 * intervals are scaled down: a backoff cap of 200 ms, and a clock that runs 60 times faster, so that the outage log's
 * minute is a second.
 */
class DynamoDbOutageTest {
    private static final Duration CAP = Duration.ofMillis(200);
    private static final int MANY_BACKOFF_PERIODS = 15;

    private final JsonCodec codec = JsonCodec.create(Account.TYPES);
    private final EventIds ids = EventIds.system();
    private final Logger runnerLog = Logger.getLogger(ProjectionRunner.class.getName());
    private final List<LogRecord> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private FaultProxy proxy;
    private SdkHttpClient http;
    private DynamoDbClient client;
    private DynamoDbStreamsClient streams;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new FaultProxy(DynamoDbFixture.SERVER.endpoint());
        // through the proxy over one connection, and without the SDK's own retries: each attempt of the runner is one
        // request, so the test sees the runner's backoff, not the SDK's
        http = Apache5HttpClient.builder()
                .maxConnections(1)
                .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                .build();
        client = DynamoDbClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        runnerLog.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        runnerLog.removeHandler(capture);
        client.close();
        streams.close();
        http.close();
        proxy.close();
    }

    /** A clock 60 times faster than the wall's: the outage log's minute passes in a second. */
    static Clock sixtyTimesFaster() {
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        return new Clock() {
            @Override
            public Instant instant() {
                return start.plusNanos((System.nanoTime() - startNanos) * 60);
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }

    private ProjectionRunner runner(
            String name, RecordingProjection projection, TableNames tables, DynamoDbEventStore store) {
        return ProjectionRunner.builder(ProjectionSpec.builder(name, projection)
                        .aggregates(ACCOUNT)
                        .store(store)
                        .build())
                .feed(new DynamoDbChangeFeed(client, streams, tables, codec))
                .segments(2)
                .pollInterval(Duration.ofMillis(20))
                .backoffCap(CAP)
                .clock(sixtyTimesFaster())
                .build();
    }

    private static List<Long> stored(DynamoDbEventStore store, String id) {
        try (Stream<AggregateEvent<Account.Event>> events = store.events(ACCOUNT, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    private static void awaitAll(RecordingProjection projection, DynamoDbEventStore store, String... accounts) {
        Eventually.await(
                "every event of " + List.of(accounts),
                Eventually.DEFAULT_TIMEOUT,
                () -> Stream.of(accounts)
                        .allMatch(id -> projection.events("Account", id).stream()
                                .map(AggregateEvent::aggregateVersion)
                                .toList()
                                .equals(stored(store, id))),
                () -> "(holds %d)".formatted(projection.total()));
    }

    private List<String> messages() {
        return lines.stream().map(LogRecord::getMessage).toList();
    }

    @Nested
    class An_unreachable_store {
        private TableNames tables;
        private DynamoDbEventStore direct;
        private DynamoDbEventStore viaProxy;

        @BeforeEach
        void tables() {
            tables = DynamoDbFixture.freshTables(
                    DynamoDbOutageTest.class, DynamoDbFixture.CLIENTS.dynamoDb(), Account.AGGREGATE_NAMES);
            // the writer reaches the server without the proxy: the service's commands may go on while its runner's
            // connection is down, and the runner must still apply every event afterwards
            direct = new DynamoDbEventStore(DynamoDbFixture.CLIENTS.dynamoDb(), tables, codec);
            // otherwise through the proxy, which sends moto one request at a time
            viaProxy = new DynamoDbEventStore(client, tables, codec);
        }

        @AfterEach
        void dropTables() {
            new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).deleteTables(Account.AGGREGATE_NAMES);
        }

        @Test
        void an_outage_of_many_backoff_periods_is_a_few_log_lines_and_every_event_is_applied_after_it() {
            Account.openAndDeposit(viaProxy, viaProxy, ACCOUNT, ids, "before", 2);
            RecordingProjection projection = new RecordingProjection();
            try (ProjectionRunner.Running running =
                    runner("outage", projection, tables, viaProxy).start()) {
                awaitAll(projection, viaProxy, "before");
                assertThat(lines).as("nothing logged while the store answers").isEmpty();

                proxy.down(true);
                Account.openAndDeposit(direct, direct, ACCOUNT, ids, "during", 3);
                Eventually.await(
                        "the runner to fail %d times in a row".formatted(MANY_BACKOFF_PERIODS),
                        () -> running.status().failures() >= MANY_BACKOFF_PERIODS);
                assertThat(running.phase()).isEqualTo(ProjectionRunner.Phase.FAILED);
                assertThat(running.status().lastFailure())
                        .get()
                        .isInstanceOf(EscqrsException.class)
                        .extracting(f -> ((EscqrsException) f).category())
                        .isEqualTo(EscqrsException.Category.UNAVAILABLE);
                proxy.down(false);

                Account.openAndDeposit(viaProxy, viaProxy, ACCOUNT, ids, "after", 1);
                awaitAll(projection, viaProxy, "before", "during", "after");
                Eventually.await(
                        "the line that says it is back",
                        () -> messages().stream().anyMatch(m -> m.startsWith("projection outage is back after")));
                assertThat(running.status().lastFailure()).isEmpty();
            }
            assertThat(lines)
                    .as("the runner's log for an outage of %d attempts: %s", MANY_BACKOFF_PERIODS, messages())
                    .hasSizeBetween(2, 10);
            assertThat(messages().getFirst()).startsWith("projection outage is failing: StoreUnavailableException: ");
            assertThat(messages().subList(1, lines.size() - 1))
                    .allMatch(m -> m.startsWith("projection outage is still failing after"));
            assertThat(lines)
                    .as("stack traces")
                    .filteredOn(r -> r.getThrown() != null)
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(messages()).allMatch(m -> m.lines().count() == 1, "one line each");
        }
    }

    @Nested
    class A_missing_table {
        private final TableNames tables =
                TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(DynamoDbOutageTest.class) + "missing-");

        @AfterEach
        void dropTables() {
            new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).deleteTables(Account.AGGREGATE_NAMES);
        }

        @Test
        void a_read_names_the_table_and_how_to_create_it() {
            DynamoDbEventStore store = new DynamoDbEventStore(client, tables, codec);
            assertThatThrownBy(() -> store.read(ACCOUNT, "a"))
                    .isInstanceOfSatisfying(MissingTableException.class, e -> {
                        assertThat(e.category()).isEqualTo(EscqrsException.Category.UNAVAILABLE);
                        assertThat(e.tables()).containsExactly(tables.aggregateTable(ACCOUNT));
                    })
                    .hasMessageContaining("the DynamoDB table " + tables.aggregateTable(ACCOUNT) + " does not exist")
                    .hasMessageContaining("DynamoDbTables.createTables");
        }

        @Test
        void an_append_names_the_missing_table_of_its_transaction() {
            new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).createTables(Account.AGGREGATE_NAMES);
            DynamoDbFixture.CLIENTS.dynamoDb().deleteTable(b -> b.tableName(tables.eventsTable()));
            DynamoDbEventStore store = new DynamoDbEventStore(client, tables, codec);
            assertThatThrownBy(() -> Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 1))
                    .isInstanceOfSatisfying(
                            MissingTableException.class,
                            e -> assertThat(e.tables()).containsExactly(tables.eventsTable()))
                    .hasMessageContaining("the DynamoDB table " + tables.eventsTable() + " does not exist")
                    .hasMessageContaining("DynamoDbTables.createTables");
        }

        @Test
        void a_runner_says_which_table_and_goes_on_by_itself_once_it_is_created() {
            DynamoDbEventStore store = new DynamoDbEventStore(client, tables, codec);
            RecordingProjection projection = new RecordingProjection();
            try (ProjectionRunner.Running running =
                    runner("missing", projection, tables, store).start()) {
                Eventually.await(
                        "the runner to fail a few times", () -> running.status().failures() >= 3);
                assertThat(messages().getFirst())
                        .startsWith("projection missing is failing: MissingTableException: ")
                        .contains("the DynamoDB table " + tables.eventsTable() + " does not exist")
                        .contains("DynamoDbTables.createTables");
                assertThat(lines.getFirst().getThrown())
                        .as("a known outage needs no stack trace")
                        .isNull();

                // through the proxy, which sends moto one request at a time
                new DynamoDbTables(client, tables).createTables(Account.AGGREGATE_NAMES);
                Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 2);
                awaitAll(projection, store, "a");
                Eventually.await(
                        "the line that says it is back",
                        () -> messages().stream().anyMatch(m -> m.startsWith("projection missing is back after")));
            }
        }
    }
}
