package dev.escqrs.dynamodb.lambda;

import static dev.escqrs.dynamodb.lambda.ProjectionStreamHandlerTest.CODEC;
import static dev.escqrs.dynamodb.lambda.ProjectionStreamHandlerTest.failures;
import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Account;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The indexer Lambda on batches of what escqrs really wrote on moto, read back through the index feed. */
class IndexStreamHandlerOnMotoTest {
    private final DynamoDbTestServer server = DynamoDbTestServer.get();
    private final EventIds ids = EventIds.system();
    private DynamoDbTestServer.SerialClients clients;
    private TableNames tables;
    private DynamoDbEventStore store;

    @BeforeEach
    void fresh() {
        clients = server.serialClients(b -> {});
        tables = TableNames.withPrefix(server.tablePrefix(getClass()));
        DynamoDbTables created = new DynamoDbTables(clients.dynamoDb(), tables);
        created.createTables(Account.AGGREGATE_NAMES);
        created.createIndexTable();
        store = new DynamoDbEventStore(clients.dynamoDb(), tables, CODEC);
    }

    @AfterEach
    void close() {
        new DynamoDbTables(clients.dynamoDb(), tables).deleteTables(Account.AGGREGATE_NAMES);
        clients.close();
    }

    private List<String> indexed() {
        FeedBatch batch = new DynamoDbIndexFeed(clients.dynamoDb(), tables, CODEC).read(Checkpoint.START, 1000);
        return batch.events().stream()
                .map(e -> e.aggregateId() + ":" + e.aggregateVersion())
                .toList();
    }

    @Test
    void a_batch_and_its_retry_index_each_event_once() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "x", 2);
        Account.openAndDeposit(store, store, ACCOUNT, ids, "y", 0);
        DynamodbEvent batch = MotoLambdaBatches.everyRecord(clients, tables);
        IndexStreamHandler handler = new IndexStreamHandler(clients.dynamoDb(), tables);

        assertThat(failures(handler.handleRequest(batch, null))).isEmpty();
        // the retry of a batch, in a container of its own (a cold writer): nothing twice
        assertThat(failures(new IndexStreamHandler(clients.dynamoDb(), tables).handleRequest(batch, null)))
                .isEmpty();

        assertThat(indexed()).containsExactlyInAnyOrder("x:1", "x:2", "x:3", "y:1");
        assertThat(handler.counts().entries()).isEqualTo(4);
    }

    @Test
    void a_record_of_another_table_is_reported_after_the_records_before_it_are_indexed() {
        Account.openAndDeposit(store, store, ACCOUNT, ids, "x", 1);
        DynamodbEvent batch = MotoLambdaBatches.everyRecord(clients, tables);
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(batch.getRecords());
        DynamodbEvent.DynamodbStreamRecord foreign = records.getLast();
        foreign.setEventSourceARN("arn:aws:dynamodb:us-east-1:000000000000:table/another/stream/2026");
        batch.setRecords(records);

        StreamsEventResponse stopped = new IndexStreamHandler(clients.dynamoDb(), tables).handleRequest(batch, null);

        assertThat(failures(stopped)).containsExactly(foreign.getDynamodb().getSequenceNumber());
        assertThat(indexed()).containsExactly("x:1");

        IndexStreamHandler skipping = new IndexStreamHandler(clients.dynamoDb(), tables, BadRecords.SKIP);
        assertThat(failures(skipping.handleRequest(batch, null))).isEmpty();
        assertThat(skipping.counts().skippedRecords()).isEqualTo(1);
        assertThat(indexed()).containsExactly("x:1");
    }
}
