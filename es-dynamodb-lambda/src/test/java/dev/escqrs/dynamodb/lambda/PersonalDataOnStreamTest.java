package dev.escqrs.dynamodb.lambda;

import static dev.escqrs.core.privacy.PersonalData.ERASED;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.SdkRecordsDecoder;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Member;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * The Stream's decoders on what escqrs really wrote on moto, with personal data: Lambda's typed events and the SDK's
 * records (the KCL worker's) decode it plain while the key exists, erased once the subject is forgotten, and the
 * records themselves never hold it in the clear.
 */
class PersonalDataOnStreamTest {
    private final DynamoDbTestServer server = DynamoDbTestServer.get();
    private final DataKeys keys = DataKeys.inMemory();
    private final JsonCodec codec = JsonCodec.of(Member.MEMBER).withPersonalData(keys);
    private DynamoDbTestServer.SerialClients clients;
    private TableNames tables;

    @BeforeEach
    void fresh() {
        clients = server.serialClients(b -> {});
        tables = TableNames.withPrefix(server.tablePrefix(getClass()));
        new DynamoDbTables(clients.dynamoDb(), tables).createTables(List.of(Member.NAME));
        DynamoDbEventStore store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        CommandHandler<Member.Command, Member.Event, Member.State> members = CommandHandler.builder(
                        Member.MEMBER, Member.DECIDER)
                .store(store, store)
                .build();
        members.handle(CommandRequest.createWithId("ann", "ann", new Member.Join("ann", "ann@example.com", "Ann")));
        members.handle(CommandRequest.createWithId("bob", "bob", new Member.Join("bob", "bob@example.com", "Bob")));
    }

    @AfterEach
    void close() {
        new DynamoDbTables(clients.dynamoDb(), tables).deleteTables(List.of(Member.NAME));
        clients.close();
    }

    @Test
    void lambda_batches_read_plain_until_the_subject_is_forgotten_then_erased() {
        DynamodbEvent batch = MotoLambdaBatches.everyRecord(clients, tables);
        LambdaTypedEventDecoder decoder = LambdaTypedEventDecoder.of(codec, tables);
        assertThat(batch.toString()).doesNotContain("ann@example.com");
        assertThat(payloads(decoder.decode(batch)))
                .containsExactlyInAnyOrder(
                        new Member.Joined("ann", "ann@example.com", "Ann", "basic"),
                        new Member.Joined("bob", "bob@example.com", "Bob", "basic"));

        keys.forget("ann");

        assertThat(payloads(decoder.decode(batch)))
                .containsExactlyInAnyOrder(
                        new Member.Joined("ann", ERASED, ERASED, "basic"),
                        new Member.Joined("bob", "bob@example.com", "Bob", "basic"));
    }

    @Test
    void sdk_records_as_the_kcl_worker_gets_them_read_erased_after_a_forget() {
        List<Record> records = sdkRecords();
        SdkRecordsDecoder decoder = SdkRecordsDecoder.of(codec, tables);
        keys.forget("bob");

        assertThat(payloads(decoder.decodeBatch(records).events()))
                .containsExactlyInAnyOrder(
                        new Member.Joined("ann", "ann@example.com", "Ann", "basic"),
                        new Member.Joined("bob", ERASED, ERASED, "basic"));
    }

    private List<Record> sdkRecords() {
        String arn = clients.dynamoDb()
                .describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
        List<Record> records = new ArrayList<>();
        for (var shard : clients.streams()
                .describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()) {
            String iterator = clients.streams()
                    .getShardIterator(b ->
                            b.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            records.addAll(
                    clients.streams().getRecords(b -> b.shardIterator(iterator)).records());
        }
        return records;
    }

    private static List<Object> payloads(List<? extends AggregateEvent<?>> events) {
        return events.stream().map(e -> (Object) e.payload()).toList();
    }
}
