package dev.escqrs.dynamodb;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What a projection costs in DynamoDB requests, counted with {@link RequestCounter}; the figures are in
 * docs/dynamodb.md. The projection itself lives in memory here, so only the framework's requests are counted.
 */
class DynamoDbProjectionCostTest {
    private final RequestCounter counter = new RequestCounter();
    private final JsonCodec codec = JsonCodec.create(Account.TYPES);
    private DynamoDbTestServer.SerialClients clients;
    private DynamoDbStreamsClient streams;
    private TableNames tables;

    @BeforeEach
    void fresh() {
        clients = DynamoDbFixture.SERVER.serialClients(
                b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(counter)));
        // the Streams client counted too, on the same single connection
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(DynamoDbFixture.SERVER.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(clients.http())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build();
        tables = DynamoDbFixture.freshTables(getClass(), clients.dynamoDb(), Account.AGGREGATE_NAMES);
    }

    @AfterEach
    void close() {
        streams.close();
        clients.close();
    }

    /** 1,000 events: 100 accounts of 10, written straight to the table (moto is slow at transactions). */
    private void thousandEvents(String prefix) {
        EventIds ids = EventIds.system();
        for (int a = 0; a < 100; a++) {
            List<AggregateEvent<Account.Event>> events = new ArrayList<>();
            events.add(new AggregateEvent<>(
                    ids.next(),
                    "AccountOpened",
                    "Account",
                    prefix + a,
                    1,
                    "x",
                    new Account.Opened("o"),
                    EventMetadata.NONE));
            for (int v = 2; v <= 10; v++) {
                events.add(new AggregateEvent<>(
                        ids.next(),
                        "Deposited",
                        "Account",
                        prefix + a,
                        v,
                        "x",
                        new Account.Deposited(v),
                        EventMetadata.NONE));
            }
            DynamoDbFixture.writeHistoryDirectly(
                    tables,
                    codec,
                    ACCOUNT,
                    events,
                    Account.reducer(ACCOUNT)
                            .fold(java.util.Optional.empty(), events)
                            .orElseThrow());
        }
    }

    @Test
    void backfill_and_tail_of_1000_events_each_take_a_handful_of_requests() throws Exception {
        DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        DynamoDbChangeFeed feed = new DynamoDbChangeFeed(clients.dynamoDb(), streams, tables, codec);
        thousandEvents("before-");
        // what the stream holds now is the tail's work; count the backfill first, on a store without it
        RecordingProjection projection = new RecordingProjection();
        ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder(
                                "cost", projection.durable(new DynamoDbCheckpoints(clients.dynamoDb(), tables)))
                        .aggregates(ACCOUNT)
                        .store(store)
                        .build())
                .feed(feed)
                .segments(1)
                .pollInterval(Duration.ofMillis(100))
                .build();
        counter.reset();

        try (ProjectionRunner.Running running = runner.start()) {
            assertThat(running.awaitTailing(Eventually.DEFAULT_TIMEOUT)).isTrue();
            long backfill = counter.count("Scan");
            Eventually.await(
                    "the tail to pass over the 1,000 stream records",
                    () -> runner.counts().repeats() == 1_000);
            var counts = counter.counts();
            System.out.printf("projection cost per 1,000 events: backfill %d Scan; tail %s%n", backfill, counts);

            assertThat(projection.total()).isEqualTo(1_000);
            assertThat(backfill)
                    .as("Scan pages of 500 items (and the empty last page)")
                    .isBetween(2L, 3L);
            assertThat(counts.getOrDefault("GetRecords", 0L))
                    .as("GetRecords of up to 1,000 records")
                    .isLessThanOrEqualTo(6);
            assertThat(counts.getOrDefault("DescribeStream", 0L))
                    .as("the shard list, cached")
                    .isEqualTo(1);
            assertThat(counts.getOrDefault("PutItem", 0L))
                    .as("one checkpoint per non-empty batch (and the backfill's)")
                    .isBetween(2L, 4L);
        }
    }

    @Test
    void idle_polls_do_not_describe_the_stream_each_time() {
        DynamoDbChangeFeed feed = new DynamoDbChangeFeed(clients.dynamoDb(), streams, tables, codec);
        counter.reset();

        Checkpoint at = Checkpoint.START;
        for (int i = 0; i < 10; i++) {
            FeedBatch batch = feed.read(at, 100);
            at = batch.checkpoint();
        }

        assertThat(counter.count("DescribeStream")).isEqualTo(1);
        assertThat(counter.count("GetRecords"))
                .as("one per open shard and poll")
                .isEqualTo(10);
    }
}
