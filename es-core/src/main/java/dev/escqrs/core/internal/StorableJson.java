package dev.escqrs.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.SerializationException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a store can hold of a JSON tree, with DynamoDB's rules since it is the strictest store: finite numbers within
 * 1E-130 to 9.99E+125 in magnitude (and 0) with at most {@value #MAX_NUMBER_DIGITS} significant digits, valid Unicode
 * in every string and field name, non-empty field names, at most {@value #MAX_NESTING} levels of nesting. Every store
 * checks its payloads and states here before it writes ({@link StoreLimits#storableEvent},
 * {@link StoreLimits#storableState}), and so do the testkit's pure runs, so that a value one store refuses every store
 * refuses. The codec only encodes.
 */
public final class StorableJson {
    private StorableJson() {}

    /** DynamoDB's number range: magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125, and zero. */
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("9.9999999999999999999999999999999999999E+125");

    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
    /**
     * The deepest nesting of maps and lists DynamoDB holds in an attribute (32 levels); a payload or state is itself the
     * first level. moto does not check it; AWS does.
     */
    public static final int MAX_NESTING = 32;
    /** DynamoDB keeps at most this many significant digits of a number. */
    public static final int MAX_NUMBER_DIGITS = 38;

    /**
     * Where a value is in a tree, as {@code /field/0/field}: built as a chain of small records while the tree is
     * checked, and spelled out only for an error message (the check runs on every event and state written).
     */
    private record JsonPath(JsonPath parent, String field, int index) {
        static final JsonPath ROOT = new JsonPath(null, null, -1);

        JsonPath field(String name) {
            return new JsonPath(this, name, -1);
        }

        JsonPath index(int i) {
            return new JsonPath(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "/";
            }
            String above = parent.parent == null ? "" : parent.toString();
            return above + "/" + (field != null ? field : Integer.toString(index));
        }
    }

    /**
     * Checks that every store can hold {@code json} (a payload or a state) and returns it, changed in place: decimals
     * are written the way DynamoDB returns them, so that every store returns the same: no trailing zeros after the
     * point, and integral values as integers ({@code 12.50} becomes {@code 12.5}, {@code 1E+2} becomes {@code 100}).
     */
    public static ObjectNode requireStorable(ObjectNode json, Supplier<String> what) {
        requireStorable(json, JsonPath.ROOT, what, 1);
        return json;
    }

    /**
     * {@code json} as every store returns it: decimals written the way DynamoDB returns them, after the same checks as
     * {@link #requireStorable}. Two values with the same stored form are the same to every store, so the testkit
     * compares these ({@code 12.50} and {@code 12.5} have one stored form).
     */
    public static JsonNode storedForm(JsonNode json, Supplier<String> what) {
        JsonNode normalized = normalizeNumber(json, JsonPath.ROOT, what);
        requireValidText(normalized, JsonPath.ROOT, what);
        requireStorable(normalized, JsonPath.ROOT, what, 1);
        return normalized;
    }

    private static void requireStorable(JsonNode node, JsonPath path, Supplier<String> what, int depth) {
        if (node.isContainerNode() && depth > MAX_NESTING) {
            throw new SerializationException(("%s is nested %d levels deep at %s; DynamoDB holds at most %d levels, so "
                            + "no store does. Nothing was written.")
                    .formatted(what.get(), depth, path, MAX_NESTING));
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonPath at = path.field(field.getKey());
                if (field.getKey().isEmpty()) {
                    throw new SerializationException(
                            "%s has a field with an empty name at %s; stores need names".formatted(what.get(), path));
                }
                requireValidUnicode(field.getKey(), () -> "the name of the field at " + at, what);
                JsonNode normalized = normalizeNumber(field.getValue(), at, what);
                if (normalized != field.getValue()) {
                    field.setValue(normalized);
                }
                requireValidText(field.getValue(), at, what);
                requireStorable(field.getValue(), at, what, depth + 1);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonPath at = path.index(i);
                JsonNode normalized = normalizeNumber(array.get(i), at, what);
                if (normalized != array.get(i)) {
                    array.set(i, normalized);
                }
                requireValidText(array.get(i), at, what);
                requireStorable(array.get(i), at, what, depth + 1);
            }
        }
    }

    private static void requireValidText(JsonNode node, JsonPath path, Supplier<String> what) {
        if (node.isTextual()) {
            requireValidUnicode(node.textValue(), () -> "the string at " + path, what);
        }
    }

    /** A lone surrogate is not Unicode: DynamoDB refuses it (moto answers 503), so every store does. */
    private static void requireValidUnicode(String text, Supplier<String> where, Supplier<String> what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SerializationException("%s: %s is not valid Unicode (a lone surrogate U+%04X at index %d); "
                                .formatted(what.get(), where.get(), (int) c, i)
                        + "stores hold valid Unicode only. Nothing was written.");
            }
        }
    }

    private static JsonNode normalizeNumber(JsonNode node, JsonPath path, Supplier<String> what) {
        if (!node.isNumber()) {
            return node;
        }
        if (node.isInt() || node.isLong() || node.isShort()) {
            // at most 19 digits, and 0 or at least 1 in magnitude: within DynamoDB's range and precision as it is
            return node;
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
            throw new SerializationException(
                    "%s has a non-finite number at %s; stores hold finite numbers only".formatted(what.get(), path));
        }
        BigDecimal value = node.decimalValue();
        BigDecimal magnitude = value.abs();
        if (value.signum() != 0 && (magnitude.compareTo(MAX_MAGNITUDE) > 0 || magnitude.compareTo(MIN_MAGNITUDE) < 0)) {
            throw new SerializationException(("%s has the number %s at %s, outside the range stores hold (DynamoDB's: "
                            + "1E-130 to 9.99E+125 in magnitude, and 0). Nothing was written.")
                    .formatted(what.get(), value, path));
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > MAX_NUMBER_DIGITS) {
            throw new SerializationException(("%s has the number %s at %s with %d significant digits; stores keep at "
                            + "most %d (DynamoDB's precision). Nothing was written.")
                    .formatted(what.get(), value, path, stripped.precision(), MAX_NUMBER_DIGITS));
        }
        if (!node.isBigDecimal()) {
            return node;
        }
        if (stripped.scale() <= 0) {
            return JsonNodeFactory.instance.numberNode(stripped.toBigIntegerExact());
        }
        return JsonNodeFactory.instance.numberNode(stripped);
    }
}
