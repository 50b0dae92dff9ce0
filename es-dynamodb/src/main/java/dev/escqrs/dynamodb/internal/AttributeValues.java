package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.internal.runtime.ItemSizes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON (the codec's output) to native DynamoDB attribute values and back: objects are maps, arrays lists, numbers
 * numbers, so stored payloads and state are queryable and readable in the console. Also the item size as DynamoDB
 * counts it, to check the 400 KB limit before sending.
 */
public final class AttributeValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AttributeValues() {}

    /** A JSON value as an attribute value; {@code path} names it in errors. */
    public static AttributeValue fromJson(JsonNode node, String path) {
        return switch (node.getNodeType()) {
            case OBJECT -> AttributeValue.fromM(fromJsonObject((ObjectNode) node, path));
            case ARRAY -> {
                List<AttributeValue> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(fromJson(node.get(i), path + "[" + i + "]"));
                }
                yield AttributeValue.fromL(list);
            }
            case STRING -> AttributeValue.fromS(node.textValue());
            case NUMBER -> AttributeValue.fromN(number(node, path));
            case BOOLEAN -> AttributeValue.fromBool(node.booleanValue());
            case NULL -> AttributeValue.fromNul(true);
            case BINARY -> {
                try {
                    yield AttributeValue.fromB(SdkBytes.fromByteArray(node.binaryValue()));
                } catch (java.io.IOException e) {
                    throw new SerializationException("binary value at %s cannot be read".formatted(path), e);
                }
            }
            case MISSING, POJO ->
                throw new SerializationException(
                        "value at %s is %s, which has no DynamoDB form".formatted(path, node.getNodeType()));
        };
    }

    /** A JSON object as an attribute map (the fields become attributes). */
    public static Map<String, AttributeValue> fromJsonObject(ObjectNode object, String path) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().isEmpty()) {
                throw new SerializationException("%s has a field with an empty name; DynamoDB attribute names are "
                        + "never empty".formatted(path));
            }
            map.put(field.getKey(), fromJson(field.getValue(), path + "." + field.getKey()));
        }
        return map;
    }

    /** The codec has already refused what DynamoDB cannot hold (range, precision); this only formats. */
    private static String number(JsonNode node, String path) {
        return node.isIntegralNumber()
                ? node.bigIntegerValue().toString()
                : node.decimalValue().stripTrailingZeros().toPlainString();
    }

    /** An attribute value as JSON. Sets become arrays. */
    public static JsonNode toJson(AttributeValue value) {
        return switch (value.type()) {
            case S -> JSON.textNode(value.s());
            case N -> numberNode(value.n());
            case BOOL -> JSON.booleanNode(value.bool());
            case NUL -> JSON.nullNode();
            case M -> toJsonObject(value.m());
            case L -> {
                ArrayNode array = JSON.arrayNode();
                value.l().forEach(v -> array.add(toJson(v)));
                yield array;
            }
            case B -> JSON.binaryNode(value.b().asByteArray());
            case SS -> {
                ArrayNode array = JSON.arrayNode();
                value.ss().forEach(array::add);
                yield array;
            }
            case NS -> {
                ArrayNode array = JSON.arrayNode();
                value.ns().forEach(n -> array.add(numberNode(n)));
                yield array;
            }
            case BS -> {
                ArrayNode array = JSON.arrayNode();
                value.bs().forEach(b -> array.add(b.asByteArray()));
                yield array;
            }
            case UNKNOWN_TO_SDK_VERSION ->
                throw new SerializationException("an attribute of a type this SDK does not know");
        };
    }

    public static ObjectNode toJsonObject(Map<String, AttributeValue> map) {
        ObjectNode object = JSON.objectNode();
        map.forEach((name, v) -> object.set(name, toJson(v)));
        return object;
    }

    private static JsonNode numberNode(String n) {
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(n);
        } catch (NumberFormatException e) {
            throw new SerializationException("the number attribute value '%s' is not a number".formatted(n), e);
        }
        if (decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0) {
            BigInteger integer = decimal.toBigIntegerExact();
            if (integer.bitLength() < 64) {
                return JSON.numberNode(integer.longValue());
            }
            return JSON.numberNode(integer);
        }
        return JSON.numberNode(decimal);
    }

    /**
     * The size of an item as DynamoDB counts it against its 400 KB limit: attribute names and values in UTF-8 bytes,
     * numbers about one byte per two digits plus one, three bytes of overhead per map or list and one per element.
     * Errs on the large side.
     */
    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += ItemSizes.utf8(attribute.getKey()) + size(attribute.getValue());
        }
        return size;
    }

    private static long size(AttributeValue value) {
        return switch (value.type()) {
            case S -> ItemSizes.utf8(value.s());
            case N -> ItemSizes.numberSize(value.n());
            case BOOL, NUL -> 1;
            case B -> value.b().asByteArrayUnsafe().length;
            case M -> {
                long size = 3;
                for (Map.Entry<String, AttributeValue> e : value.m().entrySet()) {
                    size += 1 + ItemSizes.utf8(e.getKey()) + size(e.getValue());
                }
                yield size;
            }
            case L -> {
                long size = 3;
                for (AttributeValue v : value.l()) {
                    size += 1 + size(v);
                }
                yield size;
            }
            case SS -> value.ss().stream().mapToLong(ItemSizes::utf8).sum();
            case NS -> value.ns().stream().mapToLong(ItemSizes::numberSize).sum();
            case BS ->
                value.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
            case UNKNOWN_TO_SDK_VERSION -> 0;
        };
    }
}
