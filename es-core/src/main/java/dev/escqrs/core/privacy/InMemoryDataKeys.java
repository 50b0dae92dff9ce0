package dev.escqrs.core.privacy;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link DataKeys#inMemory()}. */
final class InMemoryDataKeys implements DataKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A forgotten subject's entry: no key. */
    private static final Optional<DataKey> FORGOTTEN = Optional.empty();

    private final Map<String, Optional<DataKey>> keys = new HashMap<>();

    @Override
    public synchronized Optional<DataKey> find(String subject) {
        Objects.requireNonNull(subject, "subject");
        return keys.getOrDefault(subject, Optional.empty());
    }

    @Override
    public synchronized Optional<DataKey> findOrCreate(String subject) {
        Objects.requireNonNull(subject, "subject");
        return keys.computeIfAbsent(subject, s -> Optional.of(newKey()));
    }

    @Override
    public synchronized void forget(String subject) {
        Objects.requireNonNull(subject, "subject");
        keys.put(subject, FORGOTTEN);
    }

    /** A fresh random key with a random id. */
    static DataKey newKey() {
        byte[] material = new byte[DataKey.KEY_BYTES];
        RANDOM.nextBytes(material);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        return DataKey.of(HexFormat.of().formatHex(id), material);
    }

    @Override
    public String toString() {
        return "in-memory data keys";
    }
}
