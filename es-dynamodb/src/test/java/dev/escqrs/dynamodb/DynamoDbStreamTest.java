package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.feed.FeedSubscription;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.LambdaJsonEventDecoder;
import dev.escqrs.dynamodb.feed.SdkRecordsDecoder;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

class DynamoDbStreamTest {
    private static final dev.escqrs.testkit.dynamodb.DynamoDbTestServer.SerialClients CLIENTS =
            DynamoDbFixture.SERVER.serialClients(b -> {});
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);
    private TableNames tables;
    private DynamoDbEventStore store;
    private CommandHandler<Wallet.Command, Wallet.Event, Wallet.State> wallets;

    @AfterAll
    static void close() {
        CLIENTS.close();
    }

    @BeforeEach
    void freshTables() {
        tables = DynamoDbFixture.freshTables(getClass(), CLIENTS.dynamoDb(), List.of("Wallet"));
        store = new DynamoDbEventStore(CLIENTS.dynamoDb(), tables, codec);
        wallets = CommandHandler.builder(WALLET, Wallet.DECIDER)
                .store(store, store)
                .retryPolicy(RetryPolicy.immediate(1))
                .cacheSize(0)
                .build();
    }

    private List<AggregateEvent<Wallet.Event>> history(String... ids) {
        List<AggregateEvent<Wallet.Event>> all = new ArrayList<>();
        for (String id : ids) {
            all.addAll(store.events(WALLET, id).toList());
        }
        return all;
    }

    @Nested
    class DecodingSdkRecords {
        @Test
        void records_read_from_the_stream_decode_to_the_stored_events_in_aggregate_and_version_order() {
            String a = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            String b = wallets.create("bob", new Wallet.Open("bob")).aggregate().id();
            wallets.handle(CommandRequest.update(a, "ann", new Wallet.DepositMany(3)));
            wallets.handle(CommandRequest.update(b, "bob", new Wallet.Memo("hi")));

            List<Record> records = readWholeStream();
            List<AggregateEvent<Object>> decoded =
                    SdkRecordsDecoder.of(codec, tables).decode(records);

            List<AggregateEvent<Wallet.Event>> expected = new ArrayList<>(history(a, b));
            expected.sort(java.util.Comparator.comparing((AggregateEvent<Wallet.Event> e) -> e.streamId())
                    .thenComparingLong(AggregateEvent::aggregateVersion));
            assertThat(decoded).map(e -> (Object) e).containsExactlyElementsOf(List.<Object>copyOf(expected));
        }

        @Test
        void a_record_that_is_not_an_insert_is_an_error_naming_it_or_skipped_when_asked() {
            Record remove = Record.builder()
                    .eventID("rec-1")
                    .eventName("REMOVE")
                    .dynamodb(d -> d.sequenceNumber("000111"))
                    .build();

            assertThatThrownBy(() -> SdkRecordsDecoder.of(codec, tables).decode(List.of(remove)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage(
                            "stream record rec-1 (sequence number 000111) is a REMOVE; events are only ever inserted");
            assertThat(SdkRecordsDecoder.of(codec, tables, BadRecords.SKIP).decode(List.of(remove)))
                    .isEmpty();
        }

        private List<Record> readWholeStream() {
            String arn = CLIENTS.dynamoDb()
                    .describeTable(b -> b.tableName(tables.eventsTable()))
                    .table()
                    .latestStreamArn();
            List<Record> records = new ArrayList<>();
            for (var shard : CLIENTS.streams()
                    .describeStream(b -> b.streamArn(arn))
                    .streamDescription()
                    .shards()) {
                String iterator = CLIENTS.streams()
                        .getShardIterator(b -> b.streamArn(arn)
                                .shardId(shard.shardId())
                                .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                        .shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    var response = CLIENTS.streams().getRecords(b -> b.shardIterator(current));
                    records.addAll(response.records());
                    iterator = response.records().isEmpty() ? null : response.nextShardIterator();
                }
            }
            return records;
        }
    }

    @Nested
    class DecodingLambdaEvents {
        private String record(String eventId, String eventName, String table, String sequence, String newImage) {
            return """
                    {"eventID": "%s", "eventName": "%s", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
                     "awsRegion": "eu-west-1",
                     "dynamodb": {"ApproximateCreationDateTime": 1767225600, "Keys": {}, "NewImage": %s,
                                  "SequenceNumber": "%s", "SizeBytes": 300, "StreamViewType": "NEW_IMAGE"},
                     "eventSourceARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/%s/stream/2026-01-01T00:00:00.000"}
                    """.formatted(eventId, eventName, newImage, sequence, table);
        }

        private String image(String id, long version, String eventId, String name, String payload) {
            return """
                    {"streamId": {"S": "Wallet#%s"}, "aggregateVersion": {"N": "%d"}, "eventId": {"S": "%s"},
                     "eventName": {"S": "%s"}, "aggregateName": {"S": "Wallet"}, "aggregateId": {"S": "%s"},
                     "actorId": {"S": "ann"}, "eventTs": {"S": "2026-01-01T00:00:00Z"}, "schemaVersion": {"N": "1"},
                     "payload": {"M": %s}, "correlationId": {"S": "req-9"}}
                    """.formatted(id, version, eventId, name, id, payload);
        }

        @Test
        void a_lambda_stream_event_decodes_to_envelopes_in_version_order() {
            var ids = dev.escqrs.core.event.EventIds.system();
            String e1 = ids.next();
            String e2 = ids.next();
            String json = "{\"Records\": ["
                    + String.join(
                            ",",
                            record(
                                    "r2",
                                    "INSERT",
                                    tables.eventsTable(),
                                    "200",
                                    image("w1", 2, e2, "WalletDeposited", "{\"amount\": {\"N\": \"25\"}}")),
                            record(
                                    "r1",
                                    "INSERT",
                                    tables.eventsTable(),
                                    "100",
                                    image("w1", 1, e1, "WalletOpened", "{\"owner\": {\"S\": \"ann\"}}")))
                    + "]}";

            List<AggregateEvent<Object>> events =
                    LambdaJsonEventDecoder.of(codec, tables).decode(json);

            assertThat(events).extracting(AggregateEvent::aggregateVersion).containsExactly(1L, 2L);
            assertThat(events)
                    .extracting(AggregateEvent::payload)
                    .containsExactly(new Wallet.Opened("ann"), new Wallet.Deposited(25));
            assertThat(events.getFirst().eventId()).isEqualTo(e1);
            assertThat(events.getFirst().metadata().correlationId()).contains("req-9");
        }

        @Test
        void records_of_another_table_a_modify_and_malformed_json_are_errors_naming_the_record() {
            String image = image(
                    "w1",
                    1,
                    dev.escqrs.core.event.EventIds.system().next(),
                    "WalletOpened",
                    "{\"owner\": {\"S\": \"ann\"}}");
            LambdaJsonEventDecoder strict = LambdaJsonEventDecoder.of(codec, tables);

            assertThatThrownBy(() -> strict.decode(
                            "{\"Records\": [" + record("r7", "INSERT", "other-table", "700", image) + "]}"))
                    .hasMessageContaining("stream record r7 (sequence number 700) comes from")
                    .hasMessageContaining("not from the events table");
            assertThatThrownBy(() -> strict.decode(
                            "{\"Records\": [" + record("r8", "MODIFY", tables.eventsTable(), "800", image) + "]}"))
                    .hasMessageContaining("stream record r8 (sequence number 800) is a MODIFY");
            assertThatThrownBy(() -> strict.decode("{\"Records\": ["
                            + record(
                                    "r9",
                                    "INSERT",
                                    tables.eventsTable(),
                                    "900",
                                    image.replace("WalletOpened", "WalletExploded"))
                            + "]}"))
                    .hasMessageContaining("stream record r9 (sequence number 900) cannot be decoded")
                    .hasMessageContaining("unknown event name 'WalletExploded'");
            assertThatThrownBy(() -> strict.decode("{\"Records\": [ {\"eventID\": "))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not valid JSON");
            assertThatThrownBy(() -> strict.decode("{\"records\": []}"))
                    .hasMessageContaining("has a \"Records\" array");
            assertThat(LambdaJsonEventDecoder.of(codec, tables, BadRecords.SKIP)
                            .decode("{\"Records\": [" + record("r8", "MODIFY", tables.eventsTable(), "800", image)
                                    + "]}"))
                    .isEmpty();
        }
    }

    @Nested
    class Polling {
        @Test
        void the_poller_resumes_from_its_stored_checkpoint_after_a_restart_and_a_cancelled_transaction() {
            DynamoDbChangeFeed feed = new DynamoDbChangeFeed(CLIENTS.dynamoDb(), CLIENTS.streams(), tables, codec);
            DynamoDbCheckpoints checkpoints = new DynamoDbCheckpoints(CLIENTS.dynamoDb(), tables);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<AggregateEvent<Object>> delivered = java.util.Collections.synchronizedList(new ArrayList<>());

            String a = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            wallets.handle(CommandRequest.update(a, "ann", new Wallet.Deposit(1)));
            Set<String> first = ids(history(a));
            try (FeedSubscription s = FeedSubscription.start(
                    feed,
                    checkpoints,
                    "balances",
                    batch -> {
                        delivered.addAll(batch.events());
                        batch.events().forEach(e -> seen.add(e.eventId()));
                    },
                    Duration.ofMillis(20))) {
                Eventually.await("the first events", () -> seen.containsAll(first));
                Eventually.await(
                        "the checkpoint to be stored",
                        () -> checkpoints.load("balances").isPresent());
                assertThat(s.lastFailure()).isEmpty();
            }
            assertThat(checkpoints.load("balances")).isPresent();

            // while the consumer is down: a cancelled transaction (a stale append), then more events
            var stale = store.read(WALLET, a).orElseThrow();
            wallets.handle(CommandRequest.update(a, "ann", new Wallet.Deposit(2)));
            assertThatThrownBy(() -> wallets.update(a, "bob", new Wallet.Deposit(99), stale.version()))
                    .isInstanceOf(ConflictException.class);
            String b = wallets.create("bob", new Wallet.Open("bob")).aggregate().id();
            Set<String> later = new java.util.HashSet<>(ids(history(a, b)));
            later.removeAll(first);

            List<AggregateEvent<Object>> afterRestart = java.util.Collections.synchronizedList(new ArrayList<>());
            try (FeedSubscription s = FeedSubscription.start(
                    feed,
                    checkpoints,
                    "balances",
                    batch -> afterRestart.addAll(batch.events()),
                    Duration.ofMillis(20))) {
                Eventually.await(
                        "the later events after the restart",
                        () -> ids(afterRestart).containsAll(later));
                assertThat(s.lastFailure()).isEmpty();
            }
            assertThat(ids(afterRestart))
                    .as("nothing before the checkpoint again, no phantom of the cancelled one")
                    .containsExactlyInAnyOrderElementsOf(later);
            assertThat(afterRestart).noneMatch(e -> e.payload().equals(new Wallet.Deposited(99)));
        }

        private Set<String> ids(List<? extends AggregateEvent<?>> events) {
            Set<String> ids = new java.util.LinkedHashSet<>();
            synchronized (events) {
                events.forEach(e -> ids.add(e.eventId()));
            }
            return ids;
        }
    }
}
