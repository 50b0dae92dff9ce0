package dev.escqrs.core.idempotency;

import dev.escqrs.core.error.SerializationException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the first event of a keyed command records of its idempotency key, in its
 * {@link dev.escqrs.core.event.EventMetadata}: the hash of the actor and key, the hash of the command, and how many
 * events the command produced. It is stored with the events, in the same atomic write, so the aggregate's row can
 * always be rebuilt with the keyed commands it remembers ({@link KeyedCommand}). The key itself is not stored, only its
 * hash: a key may carry what a client chose to put in it.
 *
 * @param keyHash     128 bits of SHA-256 of the actor id and the key, in unpadded base64url (22 characters)
 * @param commandHash 128 bits of SHA-256 of the command's class and canonical JSON, in the same form
 * @param eventCount  how many events the command appended (this one first)
 */
public record IdempotencyRecord(String keyHash, String commandHash, int eventCount) {
    private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{22}");

    public IdempotencyRecord {
        requireHash("keyHash", keyHash);
        requireHash("commandHash", commandHash);
        if (eventCount < 1) {
            throw new IllegalArgumentException("eventCount must be 1 or more, got " + eventCount);
        }
    }

    /** The stored form, {@code keyHash.commandHash.eventCount}. */
    public String encoded() {
        return keyHash + "." + commandHash + "." + eventCount;
    }

    /** Reads the stored form; {@code where} names its place for the error. */
    public static IdempotencyRecord parse(String encoded, String where) {
        String[] parts = Objects.requireNonNull(encoded, "encoded").split("\\.", -1);
        try {
            if (parts.length == 3) {
                return new IdempotencyRecord(parts[0], parts[1], Integer.parseInt(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            throw new SerializationException(
                    "%s: '%s' is not an idempotency record (keyHash.commandHash.eventCount): %s"
                            .formatted(where, encoded, e.getMessage()),
                    e);
        }
        throw new SerializationException(
                "%s: '%s' is not an idempotency record (keyHash.commandHash.eventCount)".formatted(where, encoded));
    }

    static void requireHash(String what, String value) {
        if (value == null || !HASH.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 22 base64url characters, got " + value);
        }
    }
}
