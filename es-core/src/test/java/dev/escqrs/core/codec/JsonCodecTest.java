package dev.escqrs.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.UnknownEventTypeException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    sealed interface Shop permits OrderPlaced, ItemRenamed, Weird, Measured {}

    record OrderPlaced(String orderId, BigDecimal total, Instant placedAt, List<String> items, Optional<String> note)
            implements Shop {}

    /** Version 2: "name" became "title" and "reason" was added. */
    record ItemRenamed(String title, String reason) implements Shop {}

    record Weird(Object value) implements Shop {}

    record Measured(double value) implements Shop {}

    record Cart(String owner, Map<String, Integer> lines) {}

    static final class Opaque {}

    private static final EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderPlaced.class)
            .register("ItemRenamed", ItemRenamed.class, 3)
            .register("Weird", Weird.class)
            .register("Measured", Measured.class)
            .upcaster("ItemRenamed", 1, json -> {
                json.set("title", json.remove("name"));
                return json;
            })
            .upcaster("ItemRenamed", 2, json -> json.put("reason", "unknown"))
            .build();

    private final JsonCodec codec = JsonCodec.create(TYPES);
    private final EventIds ids = EventIds.fixed(Instant.parse("2026-02-02T00:00:00Z"), 9);

    private <E> AggregateEvent<E> envelope(String name, E payload) {
        return new AggregateEvent<>(
                ids.next(), name, "Shop", "s1", 1, "alice", payload, EventMetadata.NONE.withCausationId("cmd-1"));
    }

    @Test
    void a_registry_can_include_another_for_a_service_with_several_aggregate_types() {
        record Other(int n) {}
        EventTypes both = EventTypes.builder()
                .include(TYPES)
                .register("Other", Other.class)
                .build();

        assertThat(both.names()).containsAll(TYPES.names()).contains("Other");
        assertThat(both.byPayloadClass(ItemRenamed.class).name()).isEqualTo("ItemRenamed");
    }

    @Nested
    class RoundTrips {
        @Test
        void an_event_comes_back_equal_with_its_envelope() {
            AggregateEvent<Shop> event = envelope(
                    "OrderPlaced",
                    new OrderPlaced(
                            "o1",
                            new BigDecimal("12.50"),
                            Instant.parse("2026-02-02T10:15:30.123Z"),
                            List.of("a", "b"),
                            Optional.of("gift")));

            EncodedEvent encoded = codec.encode(event);
            assertThat(encoded.schemaVersion()).isEqualTo(1);
            assertThat(encoded.payload().get("placedAt").asText()).isEqualTo("2026-02-02T10:15:30.123Z");
            // Jackson's trees strip a decimal's trailing zeros (12.50 comes back as 12.5); what else stores normalize
            // as DynamoDB does is theirs to do (StorableJsonTest)
            AggregateEvent<Shop> normalized = event.withPayload(new OrderPlaced(
                    "o1",
                    new BigDecimal("12.5"),
                    Instant.parse("2026-02-02T10:15:30.123Z"),
                    List.of("a", "b"),
                    Optional.of("gift")));
            assertThat(codec.decode(encoded, Shop.class)).isEqualTo(normalized);
        }

        @Test
        void state_comes_back_equal() {
            Cart cart = new Cart("ann", Map.of("apple", 3));
            ObjectNode json = codec.encodeState(cart, "Cart", "c1");
            assertThat(codec.decodeState(json, Cart.class, "Cart", "c1")).isEqualTo(cart);
        }

        @Test
        void an_event_stored_at_an_old_schema_version_is_upcast_step_by_step() {
            ObjectNode v1 = JsonNodeFactory.instance.objectNode().put("name", "Old title");
            EncodedEvent stored =
                    new EncodedEvent(ids.next(), "ItemRenamed", "Shop", "s1", 4, "bob", 1, v1, EventMetadata.NONE);

            AggregateEvent<Shop> event = codec.decode(stored, Shop.class);

            assertThat(event.payload()).isEqualTo(new ItemRenamed("Old title", "unknown"));
            assertThat(v1.has("name"))
                    .as("the stored JSON is not changed by upcasting")
                    .isTrue();
        }

        @Test
        void new_events_are_written_at_the_current_schema_version() {
            assertThat(codec.encode(envelope("ItemRenamed", new ItemRenamed("t", "r")))
                            .schemaVersion())
                    .isEqualTo(3);
        }
    }

    @Nested
    class RenamedEvents {
        record Renamed(String text) {}

        @Test
        void an_event_stored_under_an_old_name_is_read_under_the_current_name_and_its_upcasters_apply() {
            EncodedEvent stored = JsonCodec.create(
                            EventTypes.builder().register("Old", Renamed.class).build())
                    .encode(new AggregateEvent<>(
                            EventIds.system().next(),
                            "Old",
                            "Note",
                            "n1",
                            1,
                            "ann",
                            new Renamed("hi"),
                            EventMetadata.NONE));
            JsonCodec renamed = JsonCodec.create(EventTypes.builder()
                    .register("New", Renamed.class, 2)
                    .upcaster(
                            "New", 1, json -> json.put("text", json.get("text").asText() + "!"))
                    .alias("Old", "New")
                    .build());

            AggregateEvent<Object> read = renamed.decode(stored);

            assertThat(read.eventName()).isEqualTo("New");
            assertThat(read.payload()).isEqualTo(new Renamed("hi!"));
            assertThat(renamed.encode(read.withPayload(read.payload())).eventName())
                    .as("written under the new name")
                    .isEqualTo("New");
        }

        @Test
        void an_alias_of_an_unregistered_name_or_of_a_registered_one_is_refused_when_built() {
            assertThatThrownBy(() -> EventTypes.builder()
                            .register("New", Renamed.class)
                            .alias("Old", "Newer")
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'Newer', which is not registered");
            assertThatThrownBy(() -> EventTypes.builder()
                            .register("New", Renamed.class)
                            .register("Old", String.class)
                            .alias("Old", "New")
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'Old' is registered");
            assertThatThrownBy(() -> EventTypes.builder().alias("Old", "A").alias("Old", "B"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("alias of both 'A' and 'B'");
        }
    }

    @Nested
    class Refusals {
        @Test
        void an_unknown_event_name_names_it_and_the_known_ones() {
            EncodedEvent stored = new EncodedEvent(
                    ids.next(),
                    "OrderShipped",
                    "Shop",
                    "s1",
                    1,
                    "a",
                    1,
                    JsonNodeFactory.instance.objectNode(),
                    EventMetadata.NONE);
            assertThatThrownBy(() -> codec.decode(stored))
                    .isInstanceOf(UnknownEventTypeException.class)
                    .hasMessage("unknown event name 'OrderShipped'; registered names are "
                            + "[OrderPlaced, ItemRenamed, Weird, Measured]");
        }

        @Test
        void an_unregistered_payload_class_is_named() {
            record Stray(int x) {}
            assertThatThrownBy(() -> codec.eventName(new Stray(1)))
                    .isInstanceOf(UnknownEventTypeException.class)
                    .hasMessageContaining("Stray is not registered as an event type");
        }

        @Test
        void a_payload_jackson_cannot_write_is_a_serialization_error_naming_the_event() {
            assertThatThrownBy(() -> codec.encode(envelope("Weird", new Weird(new Opaque()))))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("payload of Shop s1 version 1 (Weird)")
                    .hasMessageContaining("cannot be written as JSON");
        }

        @Test
        void a_payload_that_is_not_a_json_object_is_refused() {
            assertThatThrownBy(() -> codec.encodeState("just a string", "Shop", "s1"))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("must be written as a JSON object, got STRING");
        }

        @Test
        void a_name_that_does_not_match_the_payload_class_is_refused() {
            assertThatThrownBy(() -> codec.encode(envelope("OrderPlaced", new Measured(1))))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("is named 'OrderPlaced' but its payload");
        }

        @Test
        void an_event_from_newer_code_is_refused_rather_than_misread() {
            EncodedEvent stored = new EncodedEvent(
                    ids.next(),
                    "OrderPlaced",
                    "Shop",
                    "s1",
                    1,
                    "a",
                    2,
                    JsonNodeFactory.instance.objectNode(),
                    EventMetadata.NONE);
            assertThatThrownBy(() -> codec.decode(stored))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("written at schema version 2, newer than this code's 1");
        }

        @Test
        void unknown_properties_in_stored_json_are_an_error() {
            ObjectNode json =
                    JsonNodeFactory.instance.objectNode().put("value", 1).put("surprise", true);
            EncodedEvent stored =
                    new EncodedEvent(ids.next(), "Measured", "Shop", "s1", 1, "a", 1, json, EventMetadata.NONE);
            assertThatThrownBy(() -> codec.decode(stored))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("surprise");
        }

        @Test
        void a_missing_upcaster_is_reported_at_registration() {
            assertThatThrownBy(() -> EventTypes.builder()
                            .register("A", OrderPlaced.class, 2)
                            .upcaster("A", 2, json -> json)
                            .build())
                    .hasMessageContaining("would never run");
            assertThatThrownBy(() -> EventTypes.builder()
                            .register("A", OrderPlaced.class)
                            .register("A", Measured.class))
                    .hasMessageContaining("registered twice");
        }

        @Test
        void a_gap_in_the_upcaster_chain_is_reported_on_read() {
            EventTypes types = EventTypes.builder()
                    .register("Measured", Measured.class, 3)
                    .upcaster("Measured", 2, json -> json)
                    .build();
            EncodedEvent stored = new EncodedEvent(
                    ids.next(),
                    "Measured",
                    "Shop",
                    "s1",
                    1,
                    "a",
                    1,
                    JsonNodeFactory.instance.objectNode().put("value", 1),
                    EventMetadata.NONE);
            assertThatThrownBy(() -> JsonCodec.create(types).decode(stored))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("no upcaster from 1 to 2 is registered");
        }
    }
}
