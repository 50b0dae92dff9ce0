package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.dynamodb.internal.AttributeValues;
import dev.escqrs.dynamodb.internal.EventItems;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The events table's item: nothing stored twice, and items of the first layout still read the same. */
class EventItemsTest {
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);
    private final EncodedEvent deposited = codec.encode(new AggregateEvent<>("01KDX8A0000000000000000007", "WalletDeposited",
            "Wallet", "w#1", 2, "ann", new Wallet.Deposited(25), EventMetadata.NONE.withCorrelationId("req-1")));

    @Test
    void an_item_stores_nothing_another_attribute_already_says() {
        Map<String, AttributeValue> item = EventItems.toItem(deposited);

        assertThat(item).containsOnlyKeys("streamId", "aggregateVersion", "eventId", "eventName", "actorId", "payload",
                "correlationId");
        assertThat(item.get("streamId").s()).isEqualTo("Wallet#w#1");
        assertThat(AttributeValues.itemSize(item)).as("bytes as DynamoDB counts them").isLessThan(170);
        assertThat(EventItems.fromItem(item, "test")).isEqualTo(deposited);
    }

    @Test
    void an_item_of_the_first_layout_reads_as_the_same_event() {
        Map<String, AttributeValue> firstLayout = new LinkedHashMap<>(EventItems.toItem(deposited));
        firstLayout.put("aggregateName", AttributeValue.fromS("Wallet"));
        firstLayout.put("aggregateId", AttributeValue.fromS("w#1"));
        firstLayout.put("eventTs", AttributeValue.fromS("2026-01-01T00:00:00Z"));
        firstLayout.put("schemaVersion", AttributeValue.fromN("1"));

        assertThat(EventItems.fromItem(firstLayout, "test")).isEqualTo(deposited);
    }

    @Test
    void a_schema_version_other_than_1_is_kept() {
        EncodedEvent v2 = new EncodedEvent(deposited.eventId(), deposited.eventName(), "Wallet", "w#1", 2, "ann", 2,
                deposited.payload(), deposited.metadata());

        Map<String, AttributeValue> item = EventItems.toItem(v2);

        assertThat(item.get("schemaVersion").n()).isEqualTo("2");
        assertThat(EventItems.fromItem(item, "test").schemaVersion()).isEqualTo(2);
    }
}
