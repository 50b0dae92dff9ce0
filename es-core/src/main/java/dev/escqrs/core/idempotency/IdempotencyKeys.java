package dev.escqrs.core.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.escqrs.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The rules for idempotency keys, the one place they are written: which keys are valid ({@link #requireValid}, what
 * {@code CommandRequest.withIdempotencyKey} checks; call it where a key arrives, such as an HTTP header, to answer in
 * your own terms), how a key and a command are hashed for storage, and the id a keyed create gets when the caller gives
 * none. The command handler and the testkit's pure runs both use them, so a scenario has one outcome everywhere.
 */
public final class IdempotencyKeys {
    /** The longest key accepted, in characters (as Stripe's API, and the IETF draft's examples fit easily). */
    public static final int MAX_LENGTH = 255;

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    /** Commands as canonical JSON: properties and map entries sorted, so the hash does not depend on field order. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private IdempotencyKeys() {}

    /**
     * Returns {@code key} if it is a valid idempotency key: 1 to {@value #MAX_LENGTH} printable ASCII characters
     * (space to tilde), not blank. Else an {@link InvalidInputException} that says which rule it breaks.
     */
    public static String requireValid(String key) {
        if (key == null) {
            throw new InvalidInputException("idempotency key is missing");
        }
        if (key.isBlank()) {
            throw new InvalidInputException("idempotency key is empty or blank");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidInputException("idempotency key is %d characters long; at most %d are allowed"
                    .formatted(key.length(), MAX_LENGTH));
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new InvalidInputException(("idempotency key has a character that is not printable ASCII "
                                + "(U+%04X) at index %d; use letters, digits and punctuation (a UUID or ULID is a good key)")
                        .formatted((int) c, i));
            }
        }
        return key;
    }

    /** The stored hash of {@code actorId}'s key {@code key}: a key is one actor's, another actor's same key is another. */
    public static String keyHash(String actorId, String key) {
        return hash(actorId + "\n" + key);
    }

    /** The stored hash of a command: its class and its canonical JSON. */
    public static String commandHash(Object command) {
        try {
            return hash(command.getClass().getName() + "\n" + CANONICAL.writeValueAsString(command));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(("command %s cannot be written as JSON, so a repeat of its idempotency "
                            + "key cannot be told from another command: %s")
                    .formatted(command.getClass().getName(), e.getOriginalMessage()));
        }
    }

    /**
     * The id a create sent with a key and without an id gets, the same at every attempt: 26 Crockford base32
     * characters (a well-formed ULID, though its time part means nothing) from the aggregate type, actor and key.
     * So a retried create finds the aggregate its first attempt made, instead of making a second one.
     */
    public static String derivedId(String aggregateName, String actorId, String key) {
        byte[] digest = sha256(aggregateName + "\n" + actorId + "\n" + key);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (digest[i] & 0xFF);
            low = (low << 8) | (digest[i + 8] & 0xFF);
        }
        // 128 bits in 26 characters of 5 bits, as a ULID: the first character carries 3 bits, so it is 0 to 7
        char[] id = new char[26];
        for (int i = 25; i >= 0; i--) {
            id[i] = CROCKFORD[(int) (low & 0x1F)];
            low = (low >>> 5) | (high << 59);
            high >>>= 5;
        }
        return new String(id);
    }

    private static String hash(String text) {
        byte[] digest = sha256(text);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
