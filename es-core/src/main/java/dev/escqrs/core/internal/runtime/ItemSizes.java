package dev.escqrs.core.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Sizes as DynamoDB counts them against its item limit, for every store: names and strings in UTF-8 bytes, numbers by
 * their significant digits, maps and lists with their overhead.
 */
public final class ItemSizes {
    private ItemSizes() {}

    /**
     * The size DynamoDB counts for {@code value} stored as an attribute value (a JSON object as a map, an array as a
     * list): strings and field names in UTF-8 bytes, a number about one byte per two significant digits plus one,
     * booleans and null 1 byte, a map or list 3 bytes plus 1 per element.
     */
    public static long sizeOf(JsonNode value) {
        if (value.isTextual()) {
            return utf8(value.textValue());
        }
        if (value.isInt() || value.isLong() || value.isShort()) {
            return numberSize(value.longValue());
        }
        if (value.isNumber()) {
            return numberSize(value.decimalValue());
        }
        if (value.isObject()) {
            long size = 3;
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                size += 1 + utf8(field.getKey()) + sizeOf(field.getValue());
            }
            return size;
        }
        if (value.isArray()) {
            long size = 3;
            for (JsonNode element : value) {
                size += 1 + sizeOf(element);
            }
            return size;
        }
        if (value.isBinary()) {
            return value.asText().length() * 3L / 4;
        }
        return 1; // boolean, null
    }

    /** DynamoDB's size of a number written as {@code n}: its significant digits, two to a byte, plus one. */
    public static long numberSize(String n) {
        if (n.length() <= 18 && isPlainInteger(n)) {
            return numberSize(Long.parseLong(n));
        }
        return numberSize(new BigDecimal(n));
    }

    private static boolean isPlainInteger(String n) {
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(c >= '0' && c <= '9' || i == 0 && c == '-' && n.length() > 1)) {
                return false;
            }
        }
        return !n.isEmpty();
    }

    /** As for a decimal, without making one (an integer's trailing zeros are not significant either). */
    private static long numberSize(long n) {
        if (n == 0) {
            return 2;
        }
        while (n % 10 == 0) {
            n /= 10;
        }
        int digits = 1;
        for (long rest = Math.abs(n / 10); rest != 0; rest /= 10) {
            digits++;
        }
        return (digits + 1) / 2 + 1;
    }

    private static long numberSize(BigDecimal n) {
        int digits = n.signum() == 0 ? 1 : n.stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }

    /** The UTF-8 length of {@code s}, without encoding it (each half of a surrogate pair counts 2 of its 4 bytes). */
    public static long utf8(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
