package dev.escqrs.dynamodb;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Purse.PURSE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import dev.escqrs.testkit.internal.Purse;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rows that cannot serve as the current state, on DynamoDB: what a rebuild costs, rows of the first layout, and the
 * repair of a row that fell behind its events.
 */
class DynamoDbRebuildTest {
    private final RequestCounter counter = new RequestCounter();
    private final JsonCodec codec = JsonCodec.create(Purse.TYPES);
    private DynamoDbTestServer.SerialClients clients;
    private TableNames tables;
    private DynamoDbEventStore store;

    @BeforeEach
    void freshTables() {
        clients = DynamoDbFixture.SERVER.serialClients(
                b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(counter)));
        tables = DynamoDbFixture.freshTables(getClass(), clients.dynamoDb(), List.of(Purse.NAME));
        store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
    }

    @AfterEach
    void close() {
        clients.close();
    }

    private <S> CommandHandler<Purse.Command, Purse.Event, S> handler(
            dev.escqrs.core.aggregate.AggregateType<Purse.Event, S> type,
            dev.escqrs.core.decider.Decider<Purse.Command, Purse.Event, S> decider) {
        return CommandHandler.builder(type, decider)
                .store(store, store)
                .cacheSize(0)
                .build();
    }

    private String purseWithTwoDeposits() {
        var v1 = handler(PURSE, Purse.DECIDER);
        String id = v1.create("ann", new Purse.Open("ann")).aggregate().id();
        v1.update(id, "ann", new Purse.Deposit(new BigDecimal("1.5")), 1);
        v1.update(id, "ann", new Purse.Deposit(new BigDecimal("2")), 2);
        return id;
    }

    @Test
    void a_command_on_a_row_of_an_older_state_costs_one_query_more_once() {
        String id = purseWithTwoDeposits();
        var v2 = handler(PURSE_V2, Purse.DECIDER_V2);
        counter.reset();

        v2.update(id, "ann", new Purse.Deposit(BigDecimal.ONE), 3);

        assertThat(counter.counts())
                .as("the row, the history, the transaction")
                .containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 1L, "Query", 1L, "TransactWriteItems", 1L));
        counter.reset();
        v2.update(id, "ann", new Purse.Deposit(BigDecimal.ONE), 4);
        assertThat(counter.counts())
                .as("the rebuilt row was written with the command: no rebuild now")
                .containsExactlyInAnyOrderEntriesOf(Map.of("GetItem", 1L, "TransactWriteItems", 1L));
    }

    @Test
    void a_row_of_the_first_layout_with_the_state_at_the_top_level_is_still_read() {
        // the first layout's rows live in tables of the descriptive layout (keyed aggregateId)
        tables = DynamoDbFixture.freshTables(
                getClass(), clients.dynamoDb(), List.of(Purse.NAME), ItemLayout.DESCRIPTIVE);
        store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        String id = purseWithTwoDeposits();
        Map<String, AttributeValue> row = new HashMap<>(clients.dynamoDb()
                .getItem(b ->
                        b.tableName(tables.aggregateTable(PURSE)).key(Map.of("aggregateId", AttributeValue.fromS(id))))
                .item());
        row.putAll(row.remove("state").m());
        clients.dynamoDb()
                .putItem(b -> b.tableName(tables.aggregateTable(PURSE)).item(row));
        counter.reset();

        var read = store.read(PURSE, id).orElseThrow();

        assertThat(read.version()).isEqualTo(3);
        assertThat(read.state()).isEqualTo(new Purse.Balance("ann", new BigDecimal("3.5")));
        assertThat(counter.counts()).containsExactlyEntriesOf(Map.of("GetItem", 1L));
    }

    @Test
    void a_row_behind_its_events_blocks_commands_until_repaired() {
        String id = purseWithTwoDeposits();
        // an event written outside escqrs: the row stays at version 3
        var stray = new dev.escqrs.core.event.AggregateEvent<Purse.Event>(
                dev.escqrs.core.event.EventIds.system().next(),
                "PurseDeposited",
                Purse.NAME,
                id,
                4,
                "ops",
                new Purse.Deposited(BigDecimal.TEN),
                dev.escqrs.core.event.EventMetadata.NONE);
        clients.dynamoDb()
                .putItem(b -> b.tableName(tables.eventsTable()).item(EventItems.COMPACT.toItem(codec.encode(stray))));
        var purses = handler(PURSE, Purse.DECIDER);

        assertThatThrownBy(() -> purses.update(id, "ann", new Purse.Deposit(BigDecimal.ONE), 3))
                .isInstanceOf(EscqrsException.class)
                .hasMessageContaining("the tables disagree")
                .as("names the likely cause and the fix")
                .hasMessageContaining("DynamoDbModule.Builder.emulator")
                .hasMessageContaining("CommandHandler.repair(id)");

        var repaired = purses.repair(id);

        assertThat(repaired.version()).isEqualTo(4);
        assertThat(repaired.state().balance()).isEqualByComparingTo("13.5");
        assertThat(store.read(PURSE, id).orElseThrow()).isEqualTo(repaired);
        assertThat(purses.update(id, "ann", new Purse.Deposit(BigDecimal.ONE), 4)
                        .aggregate()
                        .version())
                .isEqualTo(5);
    }

    @Test
    void a_repair_that_lost_to_a_later_event_writes_nothing() {
        String id = purseWithTwoDeposits();
        var before = store.read(PURSE, id).orElseThrow();
        var stale = new dev.escqrs.core.aggregate.Aggregate<>(
                new dev.escqrs.core.aggregate.AggregateMeta(
                        id, 2, "ann", before.meta().createdAt(), before.meta().updatedAt()),
                new Purse.Balance("ann", new BigDecimal("1.5")));

        assertThat(store.rewrite(PURSE, stale, "not-the-event-at-version-2")).isFalse();
        assertThat(store.read(PURSE, id).orElseThrow()).isEqualTo(before);
    }
}
