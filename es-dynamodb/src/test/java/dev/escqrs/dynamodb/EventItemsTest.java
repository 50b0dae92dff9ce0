package dev.escqrs.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.dynamodb.internal.AttributeValues;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The events table's item: nothing stored twice, short names by default, and items of every earlier shape (the
 * descriptive names, the first layout's repeated attributes) still read as the same event.
 */
class EventItemsTest {
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);
    private final EncodedEvent deposited = codec.encode(new AggregateEvent<>(
            "01KDX8A0000000000000000007",
            "WalletDeposited",
            "Wallet",
            "w#1",
            2,
            "ann",
            new Wallet.Deposited(25),
            EventMetadata.NONE.withCorrelationId("req-1")));

    /** The item the descriptive layout wrote for {@link #deposited}, spelled out rather than produced by today's code. */
    private static Map<String, AttributeValue> asWrittenByTheDescriptiveLayout() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("streamId", AttributeValue.fromS("Wallet#w#1"));
        item.put("aggregateVersion", AttributeValue.fromN("2"));
        item.put("eventId", AttributeValue.fromS("01KDX8A0000000000000000007"));
        item.put("eventName", AttributeValue.fromS("WalletDeposited"));
        item.put("actorId", AttributeValue.fromS("ann"));
        item.put("payload", AttributeValue.fromM(Map.of("amount", AttributeValue.fromN("25"))));
        item.put("correlationId", AttributeValue.fromS("req-1"));
        return item;
    }

    @Nested
    class Compact {
        @Test
        void an_item_has_one_and_two_letter_names_and_nothing_stored_twice() {
            Map<String, AttributeValue> item = EventItems.COMPACT.toItem(deposited);

            assertThat(item).containsOnlyKeys("s", "v", "e", "n", "a", "d", "ci");
            assertThat(item.get("s").s()).isEqualTo("Wallet#w#1");
            // s 1+10, v 1+2, e 1+26, n 1+15, a 1+3, d 1+(3+1+6+2), ci 2+5: names 8 bytes of 81
            assertThat(AttributeValues.itemSize(item))
                    .as("bytes as DynamoDB counts them")
                    .isEqualTo(81);
            assertThat(EventItems.fromItem(item, "test")).isEqualTo(deposited);
        }

        @Test
        void the_default_layout_is_compact() {
            assertThat(TableNames.withPrefix("x-").layout()).isEqualTo(ItemLayout.COMPACT);
            assertThat(EventItems.of(ItemLayout.COMPACT)).isSameAs(EventItems.COMPACT);
        }

        @Test
        void a_schema_version_other_than_1_is_kept() {
            Map<String, AttributeValue> item = EventItems.COMPACT.toItem(atSchemaVersion2());

            assertThat(item.get("sv").n()).isEqualTo("2");
            assertThat(EventItems.fromItem(item, "test").schemaVersion()).isEqualTo(2);
        }
    }

    @Nested
    class Descriptive {
        @Test
        void writes_what_it_wrote_before_the_compact_layout() {
            assertThat(EventItems.DESCRIPTIVE.toItem(deposited)).isEqualTo(asWrittenByTheDescriptiveLayout());
        }

        @Test
        void an_item_as_written_before_the_compact_layout_reads_as_the_same_event() {
            assertThat(EventItems.isEvent(asWrittenByTheDescriptiveLayout())).isTrue();
            assertThat(EventItems.fromItem(asWrittenByTheDescriptiveLayout(), "test"))
                    .isEqualTo(deposited);
        }

        @Test
        void an_item_of_the_first_layout_reads_as_the_same_event() {
            Map<String, AttributeValue> firstLayout = asWrittenByTheDescriptiveLayout();
            firstLayout.put("aggregateName", AttributeValue.fromS("Wallet"));
            firstLayout.put("aggregateId", AttributeValue.fromS("w#1"));
            firstLayout.put("eventTs", AttributeValue.fromS("2026-01-01T00:00:00Z"));
            firstLayout.put("schemaVersion", AttributeValue.fromN("1"));

            assertThat(EventItems.fromItem(firstLayout, "test")).isEqualTo(deposited);
        }

        @Test
        void a_schema_version_other_than_1_is_kept() {
            Map<String, AttributeValue> item = EventItems.DESCRIPTIVE.toItem(atSchemaVersion2());

            assertThat(item.get("schemaVersion").n()).isEqualTo("2");
            assertThat(EventItems.fromItem(item, "test").schemaVersion()).isEqualTo(2);
        }

        @Test
        void costs_more_than_the_compact_item_by_its_longer_names() {
            long descriptive = AttributeValues.itemSize(EventItems.DESCRIPTIVE.toItem(deposited));
            long compact = AttributeValues.itemSize(EventItems.COMPACT.toItem(deposited));

            assertThat(descriptive - compact)
                    .isEqualTo("streamIdaggregateVersioneventIdeventNameactorIdpayloadcorrelationId".length()
                            - "svenadci".length());
        }
    }

    @Test
    void an_item_of_neither_layout_is_no_event_and_does_not_read() {
        Map<String, AttributeValue> foreign =
                Map.of("pk", AttributeValue.fromS("order#1"), "d", AttributeValue.fromM(Map.of()));

        assertThat(EventItems.isEvent(foreign)).isFalse();
        assertThat(EventItems.layoutOf(foreign)).isEmpty();
        assertThatThrownBy(() -> EventItems.fromItem(foreign, "record 7"))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "record 7: no stream id: attribute 's' (or 'streamId', of the descriptive layout) is missing");
    }

    @Test
    void an_item_missing_one_attribute_of_its_layout_is_no_event() {
        Map<String, AttributeValue> item = new LinkedHashMap<>(EventItems.COMPACT.toItem(deposited));
        item.remove("n");

        assertThat(EventItems.isEvent(item)).isFalse();
        assertThatThrownBy(() -> EventItems.fromItem(item, "record 8"))
                .isInstanceOf(SerializationException.class)
                .hasMessage("record 8: attribute 'n' is missing");
    }

    private EncodedEvent atSchemaVersion2() {
        return new EncodedEvent(
                deposited.eventId(),
                deposited.eventName(),
                "Wallet",
                "w#1",
                2,
                "ann",
                2,
                deposited.payload(),
                deposited.metadata());
    }
}
