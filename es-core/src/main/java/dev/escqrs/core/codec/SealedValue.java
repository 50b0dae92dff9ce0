package dev.escqrs.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.privacy.DataKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One encrypted value as stored: {@code $pd1:<key id>:<nonce + AES-GCM ciphertext, base64url>:<subject>}, a fresh
 * 96-bit nonce per value; {@code $pd1:erased} for a value written after its subject was forgotten.
 */
final class SealedValue {
    static final String PREFIX = "$pd1:";
    static final String STORED_ERASED = PREFIX + "erased";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedValue() {}

    /** {@code plain} encrypted with {@code key}, bound to {@code associated}, in the stored form. */
    static String seal(DataKey key, String subject, byte[] associated, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + key.id() + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out) + ":" + subject;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The plain bytes of a stored value split into {@code parts} (key id, data, subject), else a
     * {@link SerializationException} that names {@code what}, the subject and the key, never the value.
     */
    static byte[] open(DataKey key, String[] parts, byte[] associated, Supplier<String> what) {
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(parts[1]);
            if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associated);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new SerializationException(("%s holds personal data of subject %s that does not decrypt with its "
                            + "key %s: the value or the key is damaged, or the value was copied from another event or "
                            + "aggregate. Restore the key or the event from a backup.")
                    .formatted(what.get(), parts[2], parts[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Whether {@code json} holds an encrypted (or stored-erased) value anywhere: only then is there anything to reveal. */
    static boolean anywhereIn(JsonNode json) {
        if (json.isTextual()) {
            return json.asText().startsWith(PREFIX);
        }
        for (JsonNode child : json) {
            if (anywhereIn(child)) {
                return true;
            }
        }
        return false;
    }
}
