package dev.escqrs.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.internal.runtime.StoreLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every store refuses and normalizes before it writes, checked after the codec encodes. */
class StorableJsonTest {
    record Measured(double value) {}

    record Cart(String owner, Map<String, Integer> lines) {}

    private final JsonCodec codec = JsonCodec.create(
            EventTypes.builder().register("Measured", Measured.class).build());

    private ObjectNode state(Object state, String aggregateName, String aggregateId) {
        Instant at = Instant.parse("2026-02-02T00:00:00Z");
        return StoreLimits.storableState(
                codec, aggregateName, new Aggregate<>(new AggregateMeta(aggregateId, 1, "alice", at, at), state));
    }

    @Test
    void integral_decimals_come_back_with_scale_0_as_from_dynamodb() {
        record Price(BigDecimal amount, BigDecimal scaled) {}
        ObjectNode json = state(new Price(new BigDecimal("100"), new BigDecimal("1.2E+3")), "Shop", "s1");
        Price back = codec.decodeState(json, Price.class, "Shop", "s1");
        assertThat(back.amount()).isEqualTo(new BigDecimal("100"));
        assertThat(back.scaled()).isEqualTo(new BigDecimal("1200"));
    }

    @Test
    void numbers_dynamodb_cannot_hold_are_refused_with_their_path() {
        record Price(BigDecimal amount) {}
        assertThatThrownBy(() -> state(new Price(new BigDecimal("1E-131")), "Shop", "s1"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("state of Shop s1 has the number 1E-131 at /amount, outside the range");
        assertThatThrownBy(() -> state(new Price(new BigDecimal("1E+126")), "Shop", "s1"))
                .hasMessageContaining("outside the range");
        assertThatThrownBy(
                        () -> state(new Price(new BigDecimal("123456789012345678901234567890123456789")), "Shop", "s1"))
                .hasMessageContaining("with 39 significant digits; stores keep at most 38");
        assertThat(state(new Price(new BigDecimal("-1E-130")), "Shop", "s1")
                        .get("amount")
                        .decimalValue())
                .isEqualByComparingTo("-1E-130");
    }

    @Test
    void strings_and_field_names_that_are_not_unicode_are_refused() {
        assertThatThrownBy(() -> state(new Cart("a\uD800b", Map.of()), "Shop", "s1"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("the string at /owner is not valid Unicode (a lone surrogate U+D800 at index 1)");
        assertThatThrownBy(() -> state(new Cart("a", Map.of("\uDFFF", 1)), "Shop", "s1"))
                .hasMessageContaining("the name of the field at /lines/\uDFFF is not valid Unicode");
        assertThat(state(new Cart("emoji \uD83D\uDE00", Map.of()), "Shop", "s1")
                        .get("owner")
                        .textValue())
                .isEqualTo("emoji \uD83D\uDE00");
    }

    @Test
    void the_stored_form_compares_decimals_by_value() {
        record Price(BigDecimal amount) {}
        assertThat(storedForm(new Price(new BigDecimal("0.50"))))
                .isEqualTo(storedForm(new Price(new BigDecimal("0.5"))));
        assertThat(storedForm(new Price(new BigDecimal("11.0"))))
                .isEqualTo(storedForm(new Price(new BigDecimal("11"))));
        assertThat(storedForm(new Price(new BigDecimal("0.5"))))
                .isNotEqualTo(storedForm(new Price(new BigDecimal("0.51"))));
    }

    @Test
    void a_non_finite_number_is_refused() {
        var event = new AggregateEvent<>(
                EventIds.system().next(),
                "Measured",
                "Shop",
                "s1",
                1,
                "alice",
                new Measured(Double.NaN),
                EventMetadata.NONE);
        assertThatThrownBy(() -> StoreLimits.storableEvent(codec, event))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("payload of Shop s1 version 1 (Measured) has a non-finite number at /value");
    }

    @Test
    void the_codec_alone_encodes_what_stores_refuse_so_every_store_checks_after_it() {
        record Price(BigDecimal amount) {}
        assertThat(codec.encodeState(new Price(new BigDecimal("1E-131")), "Shop", "s1")
                        .get("amount")
                        .decimalValue())
                .isEqualByComparingTo("1E-131");
    }

    private static JsonNode storedForm(Object value) {
        return StoreLimits.storedForm(JsonCodec.defaultMapper(), value);
    }
}
