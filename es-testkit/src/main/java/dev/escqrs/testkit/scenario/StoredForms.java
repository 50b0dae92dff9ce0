package dev.escqrs.testkit.scenario;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;

import java.util.Objects;

/**
 * How the testkit compares events and states: as every store returns them. Two values of one class are the same when
 * their stored forms ({@link JsonCodec#storedForm}) are equal, so {@code new BigDecimal("0.50")} and
 * {@code new BigDecimal("0.5")} are the same, pure, in memory and on DynamoDB alike, as {@code compareTo} says.
 */
final class StoredForms {
    private StoredForms() {
    }

    static boolean same(Object expected, Object actual) {
        if (Objects.equals(expected, actual)) {
            return true;
        }
        if (expected == null || actual == null || expected.getClass() != actual.getClass()) {
            return false;
        }
        try {
            return JsonCodec.defaultStoredForm(expected).equals(JsonCodec.defaultStoredForm(actual));
        } catch (SerializationException unstorable) {
            return false; // no store holds it, so only equals could make the two the same
        }
    }
}
