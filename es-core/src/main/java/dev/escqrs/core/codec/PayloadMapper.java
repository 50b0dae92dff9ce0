package dev.escqrs.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * How a {@link JsonCodec} turns payloads and aggregate state into JSON trees and back: Jackson 2's
 * {@link ObjectMapper} ({@link #of(ObjectMapper)}, the default), or Jackson 3's {@code JsonMapper} with es-jackson3.
 * Stores and upcasters see the trees; only the mapper sees the application's classes.
 *
 * <p>Both methods report what they cannot do as an {@link IllegalArgumentException} carrying the mapper's own words;
 * the codec turns it into a {@link dev.escqrs.core.error.SerializationException} that names the event or state.
 */
public interface PayloadMapper {
    /** {@code value} as a JSON tree. */
    JsonNode toTree(Object value);

    /** {@code json} read as a {@code type}, strictly: an unknown property or a null for a primitive is refused. */
    <T> T fromTree(JsonNode json, Class<T> type);

    /** A mapper on Jackson 2's {@code mapper}, used as it is configured. */
    static PayloadMapper of(ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new PayloadMapper() {
            @Override
            public JsonNode toTree(Object value) {
                return mapper.valueToTree(value);
            }

            @Override
            public <T> T fromTree(JsonNode json, Class<T> type) {
                try {
                    return mapper.treeToValue(json, type);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }

            @Override
            public String toString() {
                return "Jackson 2 " + mapper.getClass().getSimpleName();
            }
        };
    }
}
