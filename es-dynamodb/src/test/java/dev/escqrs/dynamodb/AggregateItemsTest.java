package dev.escqrs.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.AttributeValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An aggregate table's row in both layouts, and rows as the descriptive layout and the first one wrote them. */
class AggregateItemsTest {
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);
    private final Aggregate<Wallet.State> wallet = new Aggregate<>(
            new AggregateMeta(
                    "w-1", 3, "ann", Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:05:00Z")),
            new Wallet.State("ann", 40, "rent", 2, 0));
    private final String lastEvent = "01KDX8A0000000000000000009";

    /** The row the descriptive layout wrote for {@link #wallet}, spelled out. */
    private Map<String, AttributeValue> asWrittenByTheDescriptiveLayout() {
        Map<String, AttributeValue> row = new LinkedHashMap<>();
        row.put("aggregateId", AttributeValue.fromS("w-1"));
        row.put("version", AttributeValue.fromN("3"));
        row.put("actorId", AttributeValue.fromS("ann"));
        row.put("createdAt", AttributeValue.fromS("2026-12-01T10:00:00Z"));
        row.put("updatedAt", AttributeValue.fromS("2026-12-01T10:05:00Z"));
        row.put("lastEventId", AttributeValue.fromS(lastEvent));
        row.put("state", AttributeValue.fromM(stateFields()));
        return row;
    }

    private static Map<String, AttributeValue> stateFields() {
        return Map.of(
                "owner",
                AttributeValue.fromS("ann"),
                "balance",
                AttributeValue.fromN("40"),
                "a-b",
                AttributeValue.fromS("rent"),
                "#x",
                AttributeValue.fromN("2"),
                "size",
                AttributeValue.fromN("0"));
    }

    @Test
    void a_compact_row_has_short_names_and_reads_back() {
        Map<String, AttributeValue> row = AggregateItems.COMPACT.toItem(Wallet.WALLET, wallet, lastEvent, codec);

        assertThat(row).containsOnlyKeys("id", "v", "a", "c", "u", "e", "d");
        assertThat(AggregateItems.COMPACT.fromItem(Wallet.WALLET, row, codec)).isEqualTo(wallet);
        assertThat(AttributeValues.itemSize(asWrittenByTheDescriptiveLayout()) - AttributeValues.itemSize(row))
                .as("bytes saved by the names")
                .isEqualTo(
                        "aggregateIdversionactorIdcreatedAtupdatedAtlastEventIdstate".length() - "idvacued".length());
    }

    @Test
    void the_descriptive_layout_writes_and_reads_rows_as_before_the_compact_layout() {
        assertThat(AggregateItems.DESCRIPTIVE.toItem(Wallet.WALLET, wallet, lastEvent, codec))
                .isEqualTo(asWrittenByTheDescriptiveLayout());
        assertThat(AggregateItems.DESCRIPTIVE.fromItem(Wallet.WALLET, asWrittenByTheDescriptiveLayout(), codec))
                .isEqualTo(wallet);
    }

    @Test
    void a_first_layout_row_with_the_state_at_the_top_level_reads_in_the_descriptive_layout() {
        Map<String, AttributeValue> first = asWrittenByTheDescriptiveLayout();
        first.putAll(first.remove("state").m());

        assertThat(AggregateItems.DESCRIPTIVE.fromItem(Wallet.WALLET, first, codec))
                .isEqualTo(wallet);
    }

    @Test
    void a_compact_row_without_its_state_map_is_unreadable_not_guessed() {
        Map<String, AttributeValue> row =
                new LinkedHashMap<>(AggregateItems.COMPACT.toItem(Wallet.WALLET, wallet, lastEvent, codec));
        row.putAll(row.remove("d").m());

        assertThatThrownBy(() -> AggregateItems.COMPACT.fromItem(Wallet.WALLET, row, codec))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("attribute 'd' (the state) is missing or not a map");
    }
}
