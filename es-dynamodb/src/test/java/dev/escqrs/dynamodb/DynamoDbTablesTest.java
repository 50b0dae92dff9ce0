package dev.escqrs.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynamoDbTablesTest {
    private final software.amazon.awssdk.services.dynamodb.DynamoDbClient client = DynamoDbFixture.SERVER.client();

    @Test
    void creates_the_tables_with_the_documented_schema_and_is_idempotent() {
        TableNames names = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()));
        DynamoDbTables tables = new DynamoDbTables(client, names);
        tables.createTables(List.of("BlogPost", "Comment"));
        tables.createTables(List.of("BlogPost", "Comment"));

        TableDescription events =
                client.describeTable(b -> b.tableName(names.eventsTable())).table();
        assertThat(events.keySchema())
                .extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("s:HASH", "v:RANGE");
        assertThat(events.globalSecondaryIndexes())
                .as("no by-name index unless asked for")
                .isEmpty();
        assertThat(events.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
        assertThat(client.describeTable(b -> b.tableName(names.aggregateTable("Comment")))
                        .table()
                        .keySchema())
                .extracting(k -> k.attributeName())
                .containsExactly("id");
        assertThat(client.describeTable(b -> b.tableName(names.checkpointsTable()))
                        .table()
                        .tableStatusAsString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void with_events_by_name_the_events_table_has_a_keys_only_index_on_the_shard_key() {
        TableNames names = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()))
                .withEventsByName(8);
        new DynamoDbTables(client, names).createTables(List.of());

        TableDescription events =
                client.describeTable(b -> b.tableName(names.eventsTable())).table();
        assertThat(events.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
            assertThat(gsi.indexName()).isEqualTo("by-name");
            assertThat(gsi.keySchema()).extracting(k -> k.attributeName()).containsExactly("b", "e");
            assertThat(gsi.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
        });
        assertThatThrownBy(() -> names.withEventsByName(0)).hasMessageContaining("1 to 32 shards, got 0");
        assertThatThrownBy(() -> names.withEventsByName(33)).hasMessageContaining("0 (no index) to 32, got 33");
    }

    @Test
    void refuses_a_table_that_exists_with_another_key_schema() {
        TableNames names = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()));
        new DynamoDbTables(client, names).createTables(List.of());
        TableNames clash = new TableNames(names.eventsTable(), names.aggregateTablePrefix(), names.eventsTable());

        assertThatThrownBy(() -> new DynamoDbTables(client, clash).createTables(List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists with key schema");
    }

    @Test
    void the_descriptive_layout_keys_the_tables_as_before_the_compact_layout() {
        TableNames names = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()))
                .withLayout(ItemLayout.DESCRIPTIVE)
                .withEventsByName(2);
        new DynamoDbTables(client, names).createTables(List.of("BlogPost"));

        TableDescription events =
                client.describeTable(b -> b.tableName(names.eventsTable())).table();
        assertThat(events.keySchema())
                .extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("streamId:HASH", "aggregateVersion:RANGE");
        assertThat(events.globalSecondaryIndexes()).singleElement().satisfies(gsi -> {
            assertThat(gsi.indexName()).isEqualTo("byName-eventId-index");
            assertThat(gsi.keySchema()).extracting(k -> k.attributeName()).containsExactly("byName", "eventId");
        });
        assertThat(client.describeTable(b -> b.tableName(names.aggregateTable("BlogPost")))
                        .table()
                        .keySchema())
                .extracting(k -> k.attributeName())
                .containsExactly("aggregateId");
    }

    @Test
    void tables_of_the_descriptive_layout_used_as_compact_say_which_layout_they_need() {
        TableNames names = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()));
        new DynamoDbTables(client, names.withLayout(ItemLayout.DESCRIPTIVE)).createTables(List.of("Wallet"));

        assertThatThrownBy(() -> new DynamoDbTables(client, names).createTables(List.of("Wallet")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the COMPACT layout of these TableNames needs")
                .hasMessageContaining("TableNames.withLayout(ItemLayout.DESCRIPTIVE)");
        // a store that never creates its tables finds out on its first read
        DynamoDbEventStore store = new DynamoDbEventStore(client, names, JsonCodec.create(Wallet.TYPES));
        assertThatThrownBy(() -> store.read(Wallet.WALLET, "w-1"))
                .isInstanceOf(EscqrsException.class)
                .hasMessageStartingWith("reading the row of Wallet w-1 was refused: the table's key attributes are not "
                        + "those of the TableNames' item layout")
                .hasMessageContaining("TableNames.withLayout(ItemLayout.DESCRIPTIVE)");
        assertThatThrownBy(() -> store.events(Wallet.WALLET, "w-1").toList())
                .isInstanceOf(EscqrsException.class)
                .hasMessageContaining("TableNames.withLayout(ItemLayout.DESCRIPTIVE)");
    }

    @Test
    void refuses_an_invalid_table_name() {
        assertThatThrownBy(() -> TableNames.withPrefix("bad name "))
                .hasMessageContaining("is not a valid DynamoDB table name");
    }
}
