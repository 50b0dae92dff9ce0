package dev.escqrs.core.privacy;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One data subject's key: a 256-bit AES key and the id stored beside every value it encrypted, so that a value
 * encrypted with a key that is gone reads as erased rather than failing. Its {@code toString} never shows the key.
 *
 * @param id  a short id, unique per subject and key (no {@code ':'})
 * @param key the AES key
 */
public record DataKey(String id, SecretKey key) {
    /** The bytes of an AES-256 key. */
    public static final int KEY_BYTES = 32;

    public DataKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        if (id.isEmpty() || id.contains(":")) {
            throw new IllegalArgumentException("a data key id is not empty and has no ':', got '" + id + "'");
        }
        if (!"AES".equals(key.getAlgorithm()) || key.getEncoded() == null || key.getEncoded().length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key is a 256-bit AES key, got " + key.getAlgorithm() + " of "
                    + (key.getEncoded() == null ? "unknown" : key.getEncoded().length * 8) + " bits");
        }
    }

    /** The key of {@code material}, 32 bytes (copied). */
    public static DataKey of(String id, byte[] material) {
        Objects.requireNonNull(material, "material");
        if (material.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key is 32 bytes, got " + material.length);
        }
        return new DataKey(id, new SecretKeySpec(Arrays.copyOf(material, KEY_BYTES), "AES"));
    }

    @Override
    public String toString() {
        return "DataKey[" + id + "]";
    }
}
