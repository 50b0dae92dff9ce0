package dev.escqrs.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.internal.PersonalFields;
import dev.escqrs.core.privacy.DataKey;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.privacy.PersonalData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Encrypts the {@link PersonalData} properties of a JSON tree and decrypts them, for {@link JsonCodec}. A value is
 * stored as the string {@code $pd1:<key id>:<nonce and AES-GCM ciphertext, base64url>:<subject>}; its associated data
 * is the event id (or, for state, the aggregate), so a value copied into another event does not decrypt. A value of
 * a subject already forgotten when it is written is stored as {@code $pd1:erased}.
 */
final class PersonalDataCipher {
    private static final ObjectMapper TREES = JsonMapper.builder().build();

    private final DataKeys keys;

    /** @param keys the key store, or null for a codec without one (which refuses personal data) */
    PersonalDataCipher(DataKeys keys) {
        this.keys = keys;
    }

    Optional<DataKeys> keys() {
        return Optional.ofNullable(keys);
    }

    /** Encrypts {@code json}'s marked properties (those of {@code type}) in place. */
    void protect(ObjectNode json, Class<?> type, String aggregateId, byte[] associated, Supplier<String> what) {
        PersonalFields fields = PersonalFields.of(type);
        if (fields.isEmpty()) {
            return;
        }
        if (keys == null) {
            // null values hold nothing personal: only a value to protect needs a key store
            List<String> held = fields.properties().stream()
                    .map(PersonalFields.Property::name)
                    .filter(name -> json.hasNonNull(name))
                    .toList();
            if (held.isEmpty()) {
                return;
            }
            throw new SerializationException(("%s (%s) holds personal data (%s), and this codec has no key store to "
                            + "encrypt it with: make the codec with JsonCodec.withPersonalData(keys). Nothing was written.")
                    .formatted(what.get(), type.getName(), held));
        }
        // one key-store call per subject, however many of its properties the value has
        Map<String, Optional<DataKey>> found = new HashMap<>();
        for (PersonalFields.Property property : fields.properties()) {
            JsonNode value = json.get(property.name());
            if (value == null || value.isNull()) {
                continue;
            }
            String subject = subjectOf(json, property, aggregateId, what);
            Optional<DataKey> key = found.computeIfAbsent(subject, keys::findOrCreate);
            json.put(
                    property.name(),
                    key.isEmpty()
                            ? SealedValue.STORED_ERASED
                            : SealedValue.seal(
                                    key.get(),
                                    subject,
                                    associated,
                                    value.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String subjectOf(
            ObjectNode json, PersonalFields.Property property, String aggregateId, Supplier<String> what) {
        if (property.subject().equals(PersonalData.AGGREGATE_ID)) {
            return aggregateId;
        }
        JsonNode subject = json.get(property.subject());
        if (subject == null
                || !subject.isValueNode()
                || subject.isNull()
                || subject.asText().isEmpty()) {
            throw new SerializationException(("%s: '%s' is personal data of the subject in '%s', which is %s; a "
                            + "value with no subject cannot be encrypted or forgotten. Nothing was written.")
                    .formatted(
                            what.get(),
                            property.name(),
                            property.subject(),
                            subject == null || subject.isNull()
                                    ? "missing"
                                    : subject.isValueNode() ? "empty" : "not a string or number"));
        }
        return subject.asText();
    }

    /**
     * Decrypts every encrypted value in {@code json} in place, anywhere in the tree (so that upcasters see plain
     * values), and puts {@link PersonalData#ERASED} where the key is gone; adds each value decrypted to
     * {@code revealed} so that an error message can hide it.
     */
    void reveal(JsonNode json, byte[] associated, Set<String> revealed, Supplier<String> what) {
        reveal(json, associated, revealed, what, new HashMap<>());
    }

    /** {@code found}: the keys looked up so far, one key-store call per subject. */
    private void reveal(
            JsonNode json,
            byte[] associated,
            Set<String> revealed,
            Supplier<String> what,
            Map<String, Optional<DataKey>> found) {
        if (json instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode opened = open(field.getValue(), associated, revealed, what, found);
                if (opened != null) {
                    field.setValue(opened);
                } else {
                    reveal(field.getValue(), associated, revealed, what, found);
                }
            }
        } else if (json instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode opened = open(array.get(i), associated, revealed, what, found);
                if (opened != null) {
                    array.set(i, opened);
                } else {
                    reveal(array.get(i), associated, revealed, what, found);
                }
            }
        }
    }

    /** The plain value of {@code node} when it is an encrypted one, else null. */
    private JsonNode open(
            JsonNode node,
            byte[] associated,
            Set<String> revealed,
            Supplier<String> what,
            Map<String, Optional<DataKey>> found) {
        if (!node.isTextual() || !node.asText().startsWith(SealedValue.PREFIX)) {
            return null;
        }
        String stored = node.asText();
        if (stored.equals(SealedValue.STORED_ERASED)) {
            return TextNode.valueOf(PersonalData.ERASED);
        }
        String[] parts = stored.substring(SealedValue.PREFIX.length()).split(":", 3);
        if (parts.length != 3) {
            throw new SerializationException(
                    "%s holds a damaged encrypted value (not $pd1:<key>:<data>:<subject>)".formatted(what.get()));
        }
        if (keys == null) {
            throw new SerializationException(("%s holds personal data encrypted for subject %s, and this codec has no "
                            + "key store to decrypt it with: make the codec with JsonCodec.withPersonalData(keys)")
                    .formatted(what.get(), parts[2]));
        }
        Optional<DataKey> key = found.computeIfAbsent(parts[2], keys::find);
        if (key.isEmpty() || !key.get().id().equals(parts[0])) {
            return TextNode.valueOf(PersonalData.ERASED);
        }
        byte[] plain = SealedValue.open(key.get(), parts, associated, what);
        try {
            JsonNode value = TREES.readTree(plain);
            collect(value, revealed);
            return value;
        } catch (java.io.IOException e) {
            throw new SerializationException("%s holds personal data of subject %s that decrypts to no JSON value"
                    .formatted(what.get(), parts[2]));
        }
    }

    private static void collect(JsonNode value, Set<String> revealed) {
        if (value.isValueNode()) {
            if (!value.asText().isEmpty()) {
                revealed.add(value.asText());
            }
            return;
        }
        revealed.add(value.toString());
        value.forEach(child -> collect(child, revealed));
    }

    /** Where {@code type} marks a property that is not a string, an erased value becomes null. */
    static void nullErased(ObjectNode json, Class<?> type) {
        for (PersonalFields.Property property : PersonalFields.of(type).properties()) {
            JsonNode value = json.get(property.name());
            if (!property.text()
                    && value != null
                    && value.isTextual()
                    && value.asText().equals(PersonalData.ERASED)) {
                json.set(property.name(), NullNode.getInstance());
            }
        }
    }

    /** {@code message} with every value in {@code revealed} hidden. */
    static String hide(String message, Set<String> revealed) {
        String hidden = message == null ? "" : message;
        for (String value : revealed) {
            hidden = hidden.replace(value, "<personal data>");
        }
        return hidden;
    }
}
