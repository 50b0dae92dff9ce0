package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.core.error.SerializationException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DynamoDB's JSON wire form of attribute values ({@code {"S": "x"}}, {@code {"M": {...}}}), as Lambda delivers it. */
public final class DynamoDbJson {
    private DynamoDbJson() {
    }

    public static Map<String, AttributeValue> item(JsonNode json, String where) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return Map.of();
        }
        if (!json.isObject()) {
            throw new SerializationException("%s: an item must be a JSON object, got %s".formatted(where, json.getNodeType()));
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            item.put(field.getKey(), value(field.getValue(), where + "." + field.getKey()));
        }
        return item;
    }

    public static AttributeValue value(JsonNode json, String where) {
        if (json == null || !json.isObject() || json.size() != 1) {
            throw new SerializationException("%s: an attribute value must be an object with one type key like {\"S\": ...}, got %s"
                    .formatted(where, json));
        }
        Map.Entry<String, JsonNode> typed = json.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(text(v, where));
            case "N" -> AttributeValue.fromN(text(v, where));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text(v, where))));
            case "M" -> AttributeValue.fromM(item(v, where));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    list.add(value(v.get(i), where + "[" + i + "]"));
                }
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(strings(v, where));
            case "NS" -> AttributeValue.fromNs(strings(v, where));
            case "BS" -> AttributeValue.fromBs(strings(v, where).stream()
                    .map(s -> SdkBytes.fromByteArray(Base64.getDecoder().decode(s))).toList());
            default -> throw new SerializationException("%s: unknown attribute type '%s'".formatted(where, typed.getKey()));
        };
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
