package dev.escqrs.dynamodb.lambda;

import static dev.escqrs.dynamodb.lambda.ProjectionStreamHandlerTest.CODEC;
import static dev.escqrs.dynamodb.lambda.ProjectionStreamHandlerTest.failures;
import static dev.escqrs.dynamodb.lambda.ProjectionStreamHandlerTest.from;
import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler on batches built from what escqrs really writes: events appended through {@code DynamoDbEventStore} on
 * moto, their stream records read with the Streams API and handed over in Lambda's shape.
 */
class ProjectionStreamHandlerOnMotoTest {
    private final DynamoDbTestServer server = DynamoDbTestServer.get();
    private final EventIds ids = EventIds.system();
    private DynamoDbTestServer.SerialClients clients;
    private TableNames tables;
    private DynamoDbEventStore store;

    @BeforeEach
    void fresh() {
        clients = server.serialClients(b -> {});
        tables = TableNames.withPrefix(server.tablePrefix(getClass()));
        new DynamoDbTables(clients.dynamoDb(), tables).createTables(Account.AGGREGATE_NAMES);
        store = new DynamoDbEventStore(clients.dynamoDb(), tables, CODEC);
    }

    @AfterEach
    void close() {
        clients.close();
    }

    private void write(String id, int deposits) {
        Account.openAndDeposit(store, store, ACCOUNT, ids, id, deposits);
    }

    private DynamodbEvent lambdaBatch() {
        return MotoLambdaBatches.everyRecord(clients, tables);
    }

    private ProjectionStreamHandler handler(RecordingProjection projection) {
        return new ProjectionStreamHandler(
                ProjectionStreamHandler.builder(ProjectionSpec.builder("accounts", projection)
                                .aggregates(ACCOUNT)
                                .store(store)
                                .codec(CODEC)
                                .build())
                        .tables(tables));
    }

    private static List<Long> versions(RecordingProjection projection, String account) {
        return projection.events("Account", account).stream()
                .map(AggregateEvent::aggregateVersion)
                .toList();
    }

    @Test
    void a_failure_in_one_aggregate_is_reported_and_the_retry_completes_both_with_each_event_once() {
        write("x", 2);
        write("y", 1);
        write("x", 1);
        AtomicBoolean throttled = new AtomicBoolean(true);
        RecordingProjection projection = new RecordingProjection().beforeApply(e -> {
            if (e.aggregateId().equals("x") && e.aggregateVersion() == 4 && throttled.getAndSet(false)) {
                throw new IllegalStateException("throttled");
            }
        });
        ProjectionStreamHandler handler = handler(projection);
        DynamodbEvent batch = lambdaBatch();
        assertThat(batch.getRecords()).hasSize(6);

        var first = handler.handleRequest(batch, null);
        String failedAt = batch.getRecords().get(5).getDynamodb().getSequenceNumber();
        assertThat(failures(first)).as("x's fourth event, the last record").containsExactly(failedAt);
        assertThat(versions(projection, "y")).containsExactly(1L, 2L);

        var retry = handler.handleRequest(from(batch, failedAt), null);

        assertThat(failures(retry)).isEmpty();
        assertThat(versions(projection, "x")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(versions(projection, "y")).containsExactly(1L, 2L);
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void records_that_never_arrive_are_read_from_the_events_table() {
        write("z", 3);
        DynamodbEvent batch = lambdaBatch();
        DynamodbEvent lastOnly =
                from(batch, batch.getRecords().getLast().getDynamodb().getSequenceNumber());
        RecordingProjection projection = new RecordingProjection();

        var response = handler(projection).handleRequest(lastOnly, null);

        assertThat(failures(response)).isEmpty();
        assertThat(versions(projection, "z")).containsExactly(1L, 2L, 3L, 4L);
    }
}
