package dev.escqrs.dynamodb.kcl;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.IndexBatch;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.table.IndexEntry;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The change-feed indexer under KCL with the DynamoDB Streams Kinesis Adapter on moto: events appended with the
 * DynamoDB store reach the index once and in order (read back with {@link DynamoDbIndexFeed}), a restarted worker
 * resumes at its checkpoint, a record that holds no event of ours holds the shard or is counted, and a trimmed
 * checkpoint is healed from the events table. Every client talks to moto over one connection.
 */
class KclIndexerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private final DynamoDbTestServer server = DynamoDbTestServer.get();
    private final JsonCodec codec = JsonCodec.of(ACCOUNT);
    private final EventIds ids = EventIds.system();
    private final List<AutoCloseable> open = new ArrayList<>();
    /** A lease table per test: moto gives every stream the same shard id, so an old one would resume a new stream. */
    private final String application =
            "kcl-index-" + UUID.randomUUID().toString().substring(0, 8);

    private DynamoDbTestServer.SerialClients clients;
    private TableNames tables;
    private DynamoDbEventStore store;
    private String streamArn;

    @BeforeEach
    void freshTables() {
        clients = server.serialClients(b -> {});
        tables = TableNames.withPrefix(server.tablePrefix(getClass()));
        DynamoDbTables created = new DynamoDbTables(clients.dynamoDb(), tables);
        created.createTables(Account.AGGREGATE_NAMES);
        created.createIndexTable();
        store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        streamArn = clients.dynamoDb()
                .describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        clients.close();
    }

    private KclIndexer indexer(String workerId) {
        return indexer(workerId, b -> b, Optional.empty());
    }

    /** A worker as a container would run it: clients of its own, each with one connection to moto. */
    private KclIndexer indexer(
            String workerId, UnaryOperator<KclIndexer.Builder> options, Optional<ExecutionInterceptor> streamFaults) {
        KclClients kcl = KclClients.of(server, streamFaults);
        open.add(kcl);
        KclIndexer indexer = options.apply(
                        kcl.configure(KclIndexer.builder(application, clients.dynamoDb(), tables).stream(streamArn))
                                .workerId(workerId))
                .build();
        open.add(indexer);
        return indexer.start();
    }

    private void write(String id, int deposits) {
        Account.openAndDeposit(store, store, ACCOUNT, ids, id, deposits);
    }

    /** An item in the events table that is no event: its stream record is one the indexer cannot index. */
    private void writeNoEvent(String streamId) {
        clients.dynamoDb()
                .putItem(b -> b.tableName(tables.eventsTable())
                        .item(EventItems.of(tables.layout()).key(streamId, 1)));
    }

    private List<IndexEntry> index() {
        DynamoDbIndexFeed feed = new DynamoDbIndexFeed(clients.dynamoDb(), tables, codec);
        List<IndexEntry> all = new ArrayList<>();
        Checkpoint at = Checkpoint.START;
        while (true) {
            IndexBatch batch = feed.readEntries(at, 100);
            if (batch.entries().isEmpty()) {
                return all;
            }
            all.addAll(batch.entries());
            at = batch.checkpoint();
        }
    }

    /** Each account's versions as the index lists them, in the index's order. */
    private Map<String, List<Long>> indexedVersions() {
        Map<String, List<Long>> versions = new LinkedHashMap<>();
        for (IndexEntry entry : index()) {
            versions.computeIfAbsent(entry.aggregateId(), id -> new ArrayList<>())
                    .add(entry.version());
        }
        return versions;
    }

    private static List<Long> oneTo(long n) {
        List<Long> versions = new ArrayList<>();
        for (long v = 1; v <= n; v++) {
            versions.add(v);
        }
        return versions;
    }

    private void awaitIndexed(Map<String, List<Long>> expected) {
        Eventually.await(
                "the index to hold " + expected,
                PATIENCE,
                () -> indexedVersions().equals(expected),
                () -> "(holds " + indexedVersions() + ")");
    }

    @Test
    void every_event_is_indexed_once_in_order_and_a_restarted_worker_resumes_at_its_checkpoint() {
        write("a", 2);
        write("b", 0);
        KclIndexer first = indexer("worker-a");
        awaitIndexed(Map.of("a", oneTo(3), "b", oneTo(1)));
        Eventually.await(
                "the worker to have read its shard to the end",
                PATIENCE,
                () -> first.status().lag(Instant.now()).isPresent(),
                () -> "" + first.status());
        assertThat(first.status().entries()).isEqualTo(4);
        assertThat(first.status().lastFailure()).isEmpty();
        assertThat(first.status().standingBy()).isFalse();
        first.close();
        assertThat(first.status().standingBy())
                .as("a closed worker holds no shard")
                .isTrue();
        assertThat(first.status().lag(Instant.now())).isEmpty();

        write("a", 1);
        write("c", 0);
        KclIndexer restarted = indexer("worker-b");
        awaitIndexed(Map.of("a", oneTo(4), "b", oneTo(1), "c", oneTo(1)));
        Eventually.await(
                "the restarted worker to have read its shard to the end",
                PATIENCE,
                () -> restarted.status().lag(Instant.now()).isPresent(),
                () -> "" + restarted.status());

        assertThat(restarted.status().repeats())
                .as("it resumed at the checkpoint: no record came again")
                .isZero();
        assertThat(restarted.status().entries())
                .as("only the events written while no worker ran")
                .isEqualTo(2);
        assertThat(index())
                .as("each event once")
                .hasSize(6)
                .extracting(IndexEntry::eventId)
                .doesNotHaveDuplicates();
    }

    @Nested
    class A_record_that_holds_no_event_of_ours {
        @BeforeEach
        void writeAroundIt() {
            write("a", 1);
            writeNoEvent("Stranger#s1");
            write("b", 0);
        }

        @Test
        void holds_the_shard_under_stop_after_the_records_before_it_and_the_status_names_it() {
            KclIndexer indexer = indexer("worker-a");

            Eventually.await(
                    "the status to report the record",
                    PATIENCE,
                    () -> indexer.status()
                            .lastFailure()
                            .filter(f -> f.contains("is not an escqrs event"))
                            .isPresent(),
                    () -> "" + indexer.status());
            awaitIndexed(Map.of("a", oneTo(2)));
            assertThat(indexer.status().skippedRecords()).isZero();
            assertThat(indexer.status().lastFailure())
                    .as("the shard still waits at it")
                    .isPresent();
            assertThat(indexedVersions()).as("nothing after it is indexed").doesNotContainKey("b");
        }

        @Test
        void is_counted_under_skip_and_the_shard_goes_on() {
            KclIndexer indexer = indexer("worker-a", b -> b.badRecords(BadRecords.SKIP), Optional.empty());

            awaitIndexed(Map.of("a", oneTo(2), "b", oneTo(1)));
            assertThat(indexer.status().skippedRecords()).isEqualTo(1);
            assertThat(indexer.status().lastFailure()).isEmpty();
        }
    }

    @Test
    void a_lease_at_a_trimmed_checkpoint_is_healed_from_the_events_table_before_the_shard_resumes() {
        write("t1", 1);
        KclIndexer first = indexer("worker-a");
        awaitIndexed(Map.of("t1", oneTo(2)));
        Eventually.await(
                "a checkpoint",
                PATIENCE,
                () -> first.status().lag(Instant.now()).isPresent(),
                () -> "" + first.status());
        first.close();
        write("t1", 1);
        write("t2", 0);

        TrimmedCheckpoint trimmed = new TrimmedCheckpoint();
        KclIndexer second = indexer("worker-b", b -> b, Optional.of(trimmed));
        awaitIndexed(Map.of("t1", oneTo(3), "t2", oneTo(1)));
        Eventually.await(
                "the shard to resume after the heal",
                PATIENCE,
                () -> second.status().lag(Instant.now()).isPresent(),
                () -> "" + second.status());

        assertThat(trimmed.refused.get())
                .as("the adapter and the worker both met the trimmed checkpoint")
                .isGreaterThanOrEqualTo(2);
        assertThat(second.status().heals()).isEqualTo(1);
        assertThat(second.status().repeats())
                .as("the stream's records came again from its oldest, as repeats")
                .isPositive();
        assertThat(index()).hasSize(4);
    }
}
