package dev.escqrs.core.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** {@link DataKeys#cached}. */
final class CachedDataKeys implements DataKeys {
    private record Cached(Optional<DataKey> key, Instant expiresAt) {}

    private final DataKeys keys;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Cached> entries;

    CachedDataKeys(DataKeys keys, int capacity, Duration timeToLive, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("a key cache holds 1 subject or more, got " + capacity);
        }
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("a key cache's time to live is positive, got " + timeToLive);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Optional<DataKey> find(String subject) {
        return cachedOr(subject, keys::find, false);
    }

    @Override
    public Optional<DataKey> findOrCreate(String subject) {
        return cachedOr(subject, keys::findOrCreate, true);
    }

    /**
     * The cached answer for {@code subject}, else {@code load}'s, cached. An empty answer to {@code find} is not kept
     * (the subject may get a key from another process); an empty {@code findOrCreate} means forgotten, and is.
     */
    private Optional<DataKey> cachedOr(String subject, Function<String, Optional<DataKey>> load, boolean creating) {
        Instant now = clock.instant();
        synchronized (entries) {
            Cached entry = entries.get(subject);
            if (entry != null && entry.expiresAt().isAfter(now)) {
                return entry.key();
            }
        }
        Optional<DataKey> loaded = load.apply(subject);
        if (loaded.isPresent() || creating) {
            synchronized (entries) {
                entries.put(subject, new Cached(loaded, now.plus(timeToLive)));
            }
        }
        return loaded;
    }

    @Override
    public void forget(String subject) {
        keys.forget(subject);
        synchronized (entries) {
            entries.put(subject, new Cached(Optional.empty(), clock.instant().plus(timeToLive)));
        }
    }

    @Override
    public String toString() {
        return "cached " + keys;
    }
}
