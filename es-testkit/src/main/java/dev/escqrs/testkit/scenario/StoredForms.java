package dev.escqrs.testkit.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.internal.runtime.StoreLimits;
import java.util.Objects;

/**
 * How the testkit compares events and states: as every store returns them. Two values of one class are the same when
 * their stored forms ({@link #of}) are equal, so {@code new BigDecimal("0.50")} and {@code new BigDecimal("0.5")} are
 * the same, pure, in memory and on DynamoDB alike, as {@code compareTo} says.
 */
public final class StoredForms {
    private static final ObjectMapper MAPPER = JsonCodec.defaultMapper();

    private StoredForms() {}

    /**
     * {@code value} as every store returns it: written to JSON by {@link JsonCodec#defaultMapper()}, with decimals
     * normalized the way DynamoDB normalizes them ({@code 12.50} is {@code 12.5}, {@code 1E+2} is {@code 100}).
     *
     * @throws SerializationException no store can hold {@code value} (a number out of DynamoDB's range, a lone
     *                                surrogate, nesting too deep)
     */
    public static JsonNode of(Object value) {
        return StoreLimits.storedForm(MAPPER, value);
    }

    /** Whether every store returns the same for {@code expected} and {@code actual}. */
    public static boolean same(Object expected, Object actual) {
        if (Objects.equals(expected, actual)) {
            return true;
        }
        if (expected == null || actual == null || expected.getClass() != actual.getClass()) {
            return false;
        }
        try {
            return of(expected).equals(of(actual));
        } catch (SerializationException unstorable) {
            return false; // no store holds it, so only equals could make the two the same
        }
    }
}
