package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.error.SerializationException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's JSON wire form of attribute values ({@code {"S": "x"}}, {@code {"M": {...}}}), as Lambda delivers it. */
public final class DynamoDbJson {
    /**
     * Reads and writes escqrs's own JSON (Lambda events, checkpoints), never an application's payloads, which go
     * through the codec's mapper.
     */
    public static final ObjectMapper PLAIN = new ObjectMapper();

    private DynamoDbJson() {}

    public static Map<String, AttributeValue> item(JsonNode json, String where) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return Map.of();
        }
        if (!json.isObject()) {
            throw new SerializationException(
                    "%s: an item must be a JSON object, got %s".formatted(where, json.getNodeType()));
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            item.put(field.getKey(), value(field.getValue(), where + "." + field.getKey()));
        }
        return item;
    }

    public static AttributeValue value(JsonNode json, String where) {
        if (json == null || !json.isObject() || json.size() != 1) {
            throw new SerializationException(
                    "%s: an attribute value must be an object with one type key like {\"S\": ...}, got %s"
                            .formatted(where, json));
        }
        Map.Entry<String, JsonNode> typed = json.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(text(v, where));
            case "N" -> AttributeValue.fromN(number(v, where));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw new SerializationException("%s: a BOOL value is true or false, got %s".formatted(where, v));
                }
                yield AttributeValue.fromBool(v.booleanValue());
            }
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(base64(text(v, where), where)));
            case "M" -> AttributeValue.fromM(item(v, where));
            case "L" -> {
                if (!v.isArray()) {
                    throw new SerializationException(
                            "%s: an L value is an array, got %s".formatted(where, v.getNodeType()));
                }
                List<AttributeValue> list = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    list.add(value(v.get(i), where + "[" + i + "]"));
                }
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(strings(v, where));
            case "NS" -> AttributeValue.fromNs(strings(v, where));
            case "BS" ->
                AttributeValue.fromBs(strings(v, where).stream()
                        .map(s -> SdkBytes.fromByteArray(base64(s, where)))
                        .toList());
            default ->
                throw new SerializationException(
                        "%s: unknown attribute type '%s' (DynamoDB's are S, N, B, BOOL, NULL, M, L, SS, NS, BS)"
                                .formatted(where, typed.getKey()));
        };
    }

    /** DynamoDB's JSON writes numbers as strings, {@code {"N": "12.5"}}, so that no precision is lost. */
    private static String number(JsonNode v, String where) {
        if (v.isNumber()) {
            throw new SerializationException(
                    ("%s: a number is written as a string in DynamoDB's JSON ({\"N\": \"%s\"}), "
                                    + "got the JSON number %s")
                            .formatted(where, v.asText(), v.asText()));
        }
        String n = text(v, where);
        try {
            new java.math.BigDecimal(n);
        } catch (NumberFormatException e) {
            throw new SerializationException("%s: '%s' is not a number".formatted(where, n));
        }
        return n;
    }

    private static byte[] base64(String value, String where) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("%s: a binary value must be base64, got '%s' (%s)"
                    .formatted(where, value.length() > 40 ? value.substring(0, 40) + "..." : value, e.getMessage()));
        }
    }

    private static String text(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new SerializationException("%s: expected a string, got %s".formatted(where, v.getNodeType()));
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode v, String where) {
        if (!v.isArray()) {
            throw new SerializationException("%s: expected an array, got %s".formatted(where, v.getNodeType()));
        }
        List<String> strings = new ArrayList<>();
        v.forEach(s -> strings.add(text(s, where)));
        return strings;
    }
}
