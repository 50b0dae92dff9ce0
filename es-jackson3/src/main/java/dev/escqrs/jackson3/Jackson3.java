package dev.escqrs.jackson3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.codec.PayloadMapper;
import dev.escqrs.core.event.EventTypes;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;

/**
 * Event payloads and aggregate state on Jackson 3 ({@code tools.jackson}), the Jackson of Spring Boot 4: the
 * application's classes are written and read by a Jackson 3 {@code JsonMapper}, with its modules, mix-ins and naming,
 * while stores, upcasters and feeds keep seeing es-core's JSON trees.
 *
 * <pre>{@code
 * JsonCodec codec = Jackson3.codec(BlogPosts.BLOG_POST, Author.AUTHOR);   // Jackson 3's defaults
 * JsonCodec codec = Jackson3.codec(bootsJsonMapper, BlogPosts.BLOG_POST); // an application's mapper
 * }</pre>
 *
 * <p>The mapper is used with escqrs's rules on top of its own settings, so that the Jackson 2 codec and this one
 * read each other's events and store the same JSON: an unknown property or a null for a primitive is refused (upcast
 * instead), dates are ISO-8601 strings, durations are seconds (Jackson 2's default), enums are stored by
 * {@code name()}, an object with nothing to write and a {@code NaN} or an infinity are refused (DynamoDB holds
 * neither).
 * Everything else is the mapper's: a naming strategy or a module that changes the JSON changes what is stored, and
 * stored events are read back with the same settings, so change them only with an upcaster.
 */
public final class Jackson3 {
    /** Parses and writes the trees between Jackson 3's bytes and es-core's Jackson 2 nodes, numbers exactly. */
    private static final ObjectMapper TREES = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Jackson3() {}

    /** Payloads on a Jackson 3 mapper with Jackson 3's defaults (java.time and Optional are built in). */
    public static PayloadMapper payloads() {
        return payloads(tools.jackson.databind.json.JsonMapper.builder().build());
    }

    /** Payloads on {@code mapper} (Spring Boot's {@code JsonMapper} bean, say) with escqrs's rules on top. */
    public static PayloadMapper payloads(tools.jackson.databind.json.JsonMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Payloads(mapper.rebuild()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
                .disable(EnumFeature.READ_ENUMS_USING_TO_STRING)
                .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build());
    }

    /** A codec for the events of {@code types} on Jackson 3's defaults; an event name of two types is refused. */
    public static JsonCodec codec(AggregateType<?, ?>... types) {
        return new JsonCodec(JsonCodec.of(types).types(), payloads());
    }

    /** A codec for the events of {@code types} on {@code mapper}, with escqrs's rules on top. */
    public static JsonCodec codec(tools.jackson.databind.json.JsonMapper mapper, AggregateType<?, ?>... types) {
        return new JsonCodec(JsonCodec.of(types).types(), payloads(mapper));
    }

    /** A codec for {@code types} on {@code mapper}, with escqrs's rules on top. */
    public static JsonCodec codec(tools.jackson.databind.json.JsonMapper mapper, EventTypes types) {
        return new JsonCodec(types, payloads(mapper));
    }

    private record Payloads(tools.jackson.databind.json.JsonMapper mapper) implements PayloadMapper {
        @Override
        public JsonNode toTree(Object value) {
            byte[] json;
            try {
                json = mapper.writeValueAsBytes(value);
            } catch (JacksonException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            try {
                return TREES.readTree(json);
            } catch (java.io.IOException e) {
                // Jackson 3 wrote what Jackson 2 cannot read: a NaN or an infinity
                throw new IllegalArgumentException("not JSON a store can hold: " + e.getMessage(), e);
            }
        }

        @Override
        public <T> T fromTree(JsonNode json, Class<T> type) {
            byte[] bytes;
            try {
                bytes = TREES.writeValueAsBytes(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            try {
                return mapper.readValue(bytes, type);
            } catch (JacksonException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Jackson 3 " + mapper.getClass().getSimpleName();
        }
    }
}
