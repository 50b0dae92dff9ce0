package dev.escqrs.dynamodb;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.feed.IndexBatch;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.IndexChunks;
import dev.escqrs.dynamodb.internal.IndexChunks.Position;
import dev.escqrs.dynamodb.internal.IndexWriter;
import dev.escqrs.dynamodb.internal.StreamRecords.RawRecord;
import dev.escqrs.dynamodb.table.IndexEntry;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.internal.Account;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The indexer on the test server: exactly once, in order, without gaps, whatever it is given (issue 36). */
class DynamoDbIndexerTest {
    private final DynamoDbClient client = DynamoDbFixture.CLIENTS.dynamoDb();
    private final TableNames tables = DynamoDbFixture.freshTables(getClass(), client, Account.AGGREGATE_NAMES);
    private final JsonCodec codec = JsonCodec.create(Account.TYPES);
    private final DynamoDbEventStore store = new DynamoDbEventStore(client, tables, codec);
    private final EventIds ids = EventIds.system();

    DynamoDbIndexerTest() {
        new DynamoDbTables(client, tables).createIndexTable();
    }

    @AfterEach
    void deleteTables() {
        new DynamoDbTables(client, tables).deleteTables(Account.AGGREGATE_NAMES);
    }

    private DynamoDbIndexer indexer(String name) {
        return DynamoDbIndexer.builder(client, DynamoDbFixture.CLIENTS.streams(), tables)
                .name(name)
                .build();
    }

    private IndexWriter writer(BadRecords badRecords) {
        return new IndexWriter(client, tables, badRecords, Clock.systemUTC(), IndexWriter.DEFAULT_HORIZON);
    }

    private List<IndexEntry> allEntries() {
        DynamoDbIndexFeed feed = new DynamoDbIndexFeed(client, tables, codec);
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

    /** Every aggregate's versions 1 to n, each once, in order. */
    private static void assertEachOnceInOrder(List<IndexEntry> entries, Map<String, Integer> expected) {
        Map<String, Long> last = new HashMap<>();
        for (IndexEntry entry : entries) {
            long before = last.getOrDefault(entry.aggregateId(), 0L);
            assertThat(entry.version())
                    .as("%s after version %d", entry.aggregateId(), before)
                    .isEqualTo(before + 1);
            last.put(entry.aggregateId(), entry.version());
        }
        Map<String, Long> wanted = new HashMap<>();
        expected.forEach((id, n) -> wanted.put(id, n.longValue()));
        assertThat(last).isEqualTo(wanted);
    }

    private RawRecord insert(String id, long version) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tables.eventsTable())
                        .consistentRead(true)
                        .key(EventItems.of(tables.layout()).key("Account#" + id, version)))
                .item();
        return new RawRecord(
                "record-" + id + "-" + version,
                "1" + version,
                "INSERT",
                Optional.of("arn:aws:dynamodb:us-east-1:000000000000:table/" + tables.eventsTable() + "/stream/x"),
                item,
                Optional.empty());
    }

    @Test
    void every_event_is_indexed_once_in_version_order_and_a_redelivered_stream_adds_nothing() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 2);
        Account.openAndDeposit(store, store, ACCOUNT, ids, "b", 0);
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 1);
        DynamoDbIndexer indexer = indexer("indexer");

        indexer.indexOnce();
        indexer.indexOnce();
        assertEachOnceInOrder(allEntries(), Map.of("a", 4, "b", 1));

        // the Stream hands everything out again (a lost checkpoint, a restarted process): nothing is indexed twice
        new DynamoDbCheckpoints(client, tables).save("indexer", Checkpoint.START);
        DynamoDbIndexer restarted = indexer("indexer");
        assertThat(restarted.indexOnce()).isZero();
        assertEachOnceInOrder(allEntries(), Map.of("a", 4, "b", 1));
        assertThat(restarted.status().repeats()).isPositive();
        assertThat(restarted.status().lag(Instant.now())).isPresent();
    }

    @Test
    void a_second_indexer_by_mistake_indexes_nothing_twice() throws Exception {
        for (int round = 0; round < 6; round++) {
            Account.openAndDeposit(store, store, ACCOUNT, ids, "acc-" + (round % 3), 1);
        }
        DynamoDbIndexer first = indexer("first");
        DynamoDbIndexer second = indexer("second");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> both = new ArrayList<>();
            for (DynamoDbIndexer indexer : List.of(first, second)) {
                both.add(pool.submit(() -> {
                    for (int i = 0; i < 3; i++) {
                        indexer.indexOnce();
                    }
                }));
            }
            for (Future<?> one : both) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEachOnceInOrder(allEntries(), Map.of("acc-0", 3, "acc-1", 3, "acc-2", 3));
    }

    @Test
    void of_two_indexers_under_one_lease_one_reads_the_stream_and_the_other_takes_over_when_it_stops() {
        DynamoDbLeases leases = new DynamoDbLeases(client, tables);
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 1);
        DynamoDbIndexer one = DynamoDbIndexer.builder(client, DynamoDbFixture.CLIENTS.streams(), tables)
                .pollInterval(java.time.Duration.ofMillis(50))
                .lease(leases, "one", java.time.Duration.ofSeconds(3))
                .build();
        DynamoDbIndexer two = DynamoDbIndexer.builder(client, DynamoDbFixture.CLIENTS.streams(), tables)
                .pollInterval(java.time.Duration.ofMillis(50))
                .lease(leases, "two", java.time.Duration.ofSeconds(3))
                .build();
        DynamoDbIndexer.Running first = one.start();
        DynamoDbIndexer.Running second = null;
        try {
            dev.escqrs.testkit.contract.Eventually.await(
                    "the index to hold a's events", () -> allEntries().size() == 2);
            second = two.start();
            Account.openAndDeposit(store, store, ACCOUNT, ids, "b", 0);
            dev.escqrs.testkit.contract.Eventually.await(
                    "the index to hold b's", () -> allEntries().size() == 3);
            assertThat(two.status().entries()).as("the second stood by").isZero();
            dev.escqrs.testkit.contract.Eventually.await(
                    "the second to report that it stands by", () -> two.status().standingBy());
            assertThat(two.status().lag(Instant.now()))
                    .as("a replica that stands by reports no lag")
                    .isEmpty();
            assertThat(one.status().standingBy()).isFalse();

            first.close(); // releases: the second takes over at once
            Account.openAndDeposit(store, store, ACCOUNT, ids, "c", 1);
            dev.escqrs.testkit.contract.Eventually.await(
                    "the index to hold c's", () -> allEntries().size() == 5);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
        assertThat(two.status().entries()).isEqualTo(2);
        assertThat(two.status().standingBy()).as("it took over").isFalse();
        assertEachOnceInOrder(allEntries(), Map.of("a", 2, "b", 1, "c", 2));
    }

    @Test
    void an_indexer_that_loses_its_lease_stands_by_and_forgets_how_far_it_had_read() {
        DynamoDbLeases leases = new DynamoDbLeases(client, tables);
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 1);
        DynamoDbIndexer indexer = DynamoDbIndexer.builder(client, DynamoDbFixture.CLIENTS.streams(), tables)
                .pollInterval(java.time.Duration.ofMillis(50))
                .lease(leases, "one", java.time.Duration.ofSeconds(3))
                .build();
        try (DynamoDbIndexer.Running running = indexer.start()) {
            dev.escqrs.testkit.contract.Eventually.await(
                    "the indexer to read the Stream to its end",
                    () -> indexer.status().lag(Instant.now()).isPresent());

            // another replica takes the lease, as after a pause longer than the lease of this one
            leases.release(DynamoDbIndexer.DEFAULT_NAME, "one");
            assertThat(leases.acquire(DynamoDbIndexer.DEFAULT_NAME, "other", java.time.Duration.ofMinutes(1)))
                    .isPresent();

            dev.escqrs.testkit.contract.Eventually.await(
                    "the indexer to stand by", () -> running.status().standingBy());
            assertThat(running.status().lag(Instant.now()))
                    .as("its last read says nothing of the index now")
                    .isEmpty();
            assertThat(running.status().lastFailure()).isEmpty();
        }
    }

    @Test
    void a_writer_that_lost_its_place_reads_what_the_other_wrote_and_drops_it() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 2);
        IndexWriter one = writer(BadRecords.STOP);
        IndexWriter other = writer(BadRecords.STOP);
        other.tail(); // both know the index as it is: empty
        List<RawRecord> records = List.of(insert("a", 1), insert("a", 2), insert("a", 3));

        assertThat(one.write(records)).isEqualTo(3);
        assertThat(other.write(records)).isZero();

        assertThat(other.counts().lostPlaces()).isEqualTo(1);
        assertThat(other.counts().repeats()).isEqualTo(3);
        assertEachOnceInOrder(allEntries(), Map.of("a", 3));
    }

    @Test
    void a_writer_that_lost_its_place_keeps_taking_an_aggregate_older_than_its_horizon_as_indexed() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "old", 1); // versions 1 and 2, indexed two days ago
        Account.openAndDeposit(store, store, ACCOUNT, ids, "new", 0);
        client.putItem(b -> b.tableName(tables.indexTable())
                .item(IndexChunks.item(
                        new Position(1, 1),
                        List.of(
                                new IndexEntry("Account", "old", 1, "AccountOpened", ids.next()),
                                new IndexEntry("Account", "old", 2, "Deposited", ids.next())),
                        Instant.now().minus(java.time.Duration.ofHours(48)))));
        Account.openAndDeposit(store, store, ACCOUNT, ids, "old", 1); // version 3, now
        IndexWriter stale = writer(BadRecords.STOP);
        stale.tail(); // a cold writer: its horizon holds nothing of "old"
        writer(BadRecords.STOP).write(List.of(insert("new", 1))); // another writer takes the next place

        stale.write(List.of(insert("old", 3)));

        assertThat(stale.counts().lostPlaces()).isEqualTo(1);
        assertEachOnceInOrder(allEntries(), Map.of("old", 3, "new", 1));
    }

    @Test
    void versions_the_records_skip_are_read_from_the_store_first() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 3);
        IndexWriter writer = writer(BadRecords.STOP);

        writer.write(List.of(insert("a", 1)));
        writer.write(List.of(insert("a", 4), insert("a", 2)));

        assertEachOnceInOrder(allEntries(), Map.of("a", 4));
        assertThat(writer.counts().filled()).isEqualTo(2);
        assertThat(writer.counts().repeats()).isEqualTo(1);
    }

    @Test
    void a_record_that_holds_no_event_of_ours_is_refused_or_counted_never_dropped_silently() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 1);
        RawRecord foreign = new RawRecord(
                "r-1",
                "11",
                "INSERT",
                Optional.of("arn:aws:dynamodb:us-east-1:000000000000:table/another/stream/x"),
                insert("a", 1).newImage(),
                Optional.empty());
        RawRecord removed = new RawRecord("r-2", "12", "REMOVE", Optional.empty(), Map.of(), Optional.empty());
        Map<String, AttributeValue> truncated = new HashMap<>(insert("a", 2).newImage());
        truncated.remove(EventItems.COMPACT.payload());
        RawRecord cut = new RawRecord("r-3", "13", "INSERT", Optional.empty(), truncated, Optional.empty());

        for (RawRecord bad : List.of(foreign, removed, cut)) {
            assertThatThrownBy(() -> writer(BadRecords.STOP).write(List.of(bad)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(bad.eventId());
        }
        assertThat(allEntries()).isEmpty();

        IndexWriter skipping = writer(BadRecords.SKIP);
        skipping.write(List.of(foreign, insert("a", 1), removed, cut, insert("a", 2)));
        assertThat(skipping.counts().skippedRecords()).isEqualTo(3);
        assertEachOnceInOrder(allEntries(), Map.of("a", 2));
    }

    @Test
    void the_index_rolls_over_to_the_next_epoch_and_readers_follow() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 2);
        // an index whose first epoch is full to its last chunk but one
        for (int chunk : List.of(IndexChunks.CHUNKS_PER_EPOCH - 1, IndexChunks.CHUNKS_PER_EPOCH)) {
            client.putItem(b -> b.tableName(tables.indexTable())
                    .item(IndexChunks.item(
                            new Position(1, chunk),
                            List.of(new IndexEntry("Account", "old-" + chunk, 1, "AccountOpened", ids.next())),
                            Instant.now())));
        }
        IndexWriter writer = writer(BadRecords.STOP);

        writer.write(List.of(insert("a", 1), insert("a", 2), insert("a", 3)));

        assertThat(writer.tail()).isEqualTo(new Position(2, 1));
        DynamoDbIndexFeed feed = new DynamoDbIndexFeed(client, tables, codec);
        IndexBatch fromTheLastButOne =
                feed.readEntries(new Position(1, IndexChunks.CHUNKS_PER_EPOCH - 1).checkpoint(), 10);
        assertThat(fromTheLastButOne.entries())
                .extracting(IndexEntry::aggregateId)
                .containsExactly("old-" + IndexChunks.CHUNKS_PER_EPOCH, "a", "a", "a");
        assertThat(Position.of(feed.head())).isEqualTo(new Position(2, 1));
        assertThat(IndexChunks.tailEpoch(client, tables.indexTable())).isEqualTo(2);
    }

    @Test
    void the_feed_reads_bodies_from_any_position_and_its_head_is_the_exact_end() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 1);
        DynamoDbIndexer indexer = indexer("indexer");
        indexer.indexOnce();
        DynamoDbIndexFeed feed = new DynamoDbIndexFeed(client, tables, codec);
        Checkpoint head = feed.head();

        FeedBatch all = feed.read(Checkpoint.START, 100);
        assertThat(all.events()).extracting(e -> e.aggregateVersion()).containsExactly(1L, 2L);
        assertThat(all.events().getLast().payload()).isEqualTo(new Account.Deposited(1));
        assertThat(all.checkpoint()).isEqualTo(head);
        assertThat(feed.read(head, 100).events()).isEmpty();

        Account.openAndDeposit(store, store, ACCOUNT, ids, "a", 1);
        indexer.indexOnce();
        assertThat(feed.read(head, 100).events())
                .extracting(e -> e.aggregateVersion())
                .containsExactly(3L);
    }

    @Test
    void a_read_of_many_chunks_and_events_keeps_each_aggregates_order_and_stops_at_whole_chunks() {
        List<RawRecord> records = new ArrayList<>();
        for (int version = 1; version <= 8; version++) {
            for (int a = 0; a < 30; a++) {
                if (version == 1) {
                    Account.openAndDeposit(store, store, ACCOUNT, ids, "m" + a, 7);
                }
                records.add(insert("m" + a, version));
            }
        }
        IndexWriter writer = writer(BadRecords.STOP);
        for (int from = 0; from < records.size(); from += 20) {
            writer.write(records.subList(from, from + 20)); // 12 chunks of 20 entries
        }
        DynamoDbIndexFeed feed = new DynamoDbIndexFeed(client, tables, codec);

        FeedBatch all = feed.read(Checkpoint.START, 1000);

        assertThat(all.events())
                .extracting(e -> e.eventId())
                .containsExactlyInAnyOrderElementsOf(
                        allEntries().stream().map(IndexEntry::eventId).toList());
        Map<String, Long> last = new HashMap<>();
        all.events()
                .forEach(e -> assertThat(e.aggregateVersion())
                        .as(e.aggregateId())
                        .isEqualTo(last.merge(e.aggregateId(), 1L, (before, one) -> before + 1)));
        assertThat(all.checkpoint()).isEqualTo(feed.head());
        IndexBatch some = feed.readEntries(Checkpoint.START, 50);
        assertThat(some.entries()).as("whole chunks, at least 50 entries").hasSize(60);
        assertThat(feed.read(some.checkpoint(), 1000).events()).hasSize(180);
    }

    @Test
    void a_checkpoint_of_the_stream_feed_is_refused_with_what_to_do() {
        DynamoDbIndexFeed feed = new DynamoDbIndexFeed(client, tables, codec);

        assertThatThrownBy(() -> feed.read(new Checkpoint("{\"stream\":\"arn\"}"), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reset the consumer's checkpoint");
    }
}
