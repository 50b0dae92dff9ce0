package dev.escqrs.core.port;

import java.util.Optional;

/**
 * Where named consumers of the change feed (projections) keep their position. Saved only after the consumer applied
 * everything before it; deleted to rebuild. Implementations: {@code InMemoryCheckpoints}, {@code DynamoDbCheckpoints}.
 */
public interface Checkpoints {
    /** The position {@code consumer} saved last, or empty when it never saved one (or it was deleted). */
    Optional<Checkpoint> load(String consumer);

    void save(String consumer, Checkpoint checkpoint);

    /** Forgets {@code consumer}'s position: its next start begins again from the event store. */
    void delete(String consumer);
}
