package dev.escqrs.core.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Where each data subject's key lives: the port behind crypto-shredding. Forgetting a subject deletes its key, and
 * every value encrypted with it becomes unreadable for good, wherever it was copied (events, rows, backups of them,
 * the Stream, parked events). A subject once forgotten stays forgotten: no new key is made for it, and personal data
 * written for it afterwards is stored erased.
 *
 * <p>Implementations: {@link #inMemory()} for tests, and es-dynamodb's {@code DynamoDbDataKeys} (a table of data keys
 * wrapped by AWS KMS). Wrap a remote one in {@link #cached} so that a command does not call the key store each time.
 * A key store that cannot answer throws {@link dev.escqrs.core.error.StoreUnavailableException}: the command that
 * needed it writes nothing, and a projection tries again.
 */
public interface DataKeys {
    /** The subject's key, if it has one: empty when the subject was forgotten or never had personal data written. */
    Optional<DataKey> find(String subject);

    /** The subject's key, made and stored on first use; empty when the subject was forgotten. */
    Optional<DataKey> findOrCreate(String subject);

    /**
     * Deletes the subject's key for good and remembers that it was forgotten; repeating it does nothing. From then on
     * every read of its personal data shows it erased, in this process at once, and in processes that
     * {@linkplain #cached cache} keys within their cache's time to live.
     */
    void forget(String subject);

    /** Keys in this process's memory: for tests and pure runs. */
    static DataKeys inMemory() {
        return new InMemoryDataKeys();
    }

    /** {@code keys} behind a cache of 10,000 subjects whose entries live five minutes. */
    static DataKeys cached(DataKeys keys) {
        return cached(keys, 10_000, Duration.ofMinutes(5), Clock.systemUTC());
    }

    /**
     * {@code keys} behind a bounded, least-recently-used cache: a key found (or a subject found forgotten) is kept for
     * {@code timeToLive}, so a busy subject costs one key-store read (and one KMS call) per {@code timeToLive}, not one
     * per command. A {@link #forget} through this cache is seen here at once; another process's cache sees it when
     * its entry expires, so {@code timeToLive} bounds how long a forgotten subject's data stays readable there.
     */
    static DataKeys cached(DataKeys keys, int capacity, Duration timeToLive, Clock clock) {
        return new CachedDataKeys(keys, capacity, timeToLive, clock);
    }
}
