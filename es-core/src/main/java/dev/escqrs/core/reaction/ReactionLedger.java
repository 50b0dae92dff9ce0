package dev.escqrs.core.reaction;

import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.Checkpoints;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far a {@link Reactor} has reacted, per source aggregate: the version of the last event whose commands were all
 * sent, and the reactor's runner checkpoint beside it. It makes a reaction exactly-once beyond the window in which the
 * target aggregates remember idempotency keys: an event is reacted to at most once however often, and however late,
 * it is delivered again (a replay after a lost feed position, a Lambda retry a day later).
 *
 * <p>It must outlive the process as long as the event store does: {@link #inMemory()} is for the in-memory store
 * and tests only. On DynamoDB use {@code DynamoDbReactionLedger}, in a table of the reaction's own.
 */
public interface ReactionLedger {
    /** The version of {@code aggregateName} {@code aggregateId}'s last event reacted to; 0 when none. */
    long reactedVersion(String aggregateName, String aggregateId);

    /** Records that the events of the aggregate up to {@code version} have been reacted to (never moves back). */
    void recordReacted(String aggregateName, String aggregateId, long version);

    /** Where the reactor's runner keeps its position: beside the versions. */
    Checkpoints checkpoints();

    /** A ledger in this process's memory: for the in-memory store, whose events are lost with it, and tests. */
    static ReactionLedger inMemory() {
        return new ReactionLedger() {
            private final Map<String, Long> versions = new ConcurrentHashMap<>();
            private final Map<String, dev.escqrs.core.port.Checkpoint> positions = new ConcurrentHashMap<>();

            @Override
            public long reactedVersion(String aggregateName, String aggregateId) {
                return versions.getOrDefault(StreamIds.of(aggregateName, aggregateId), 0L);
            }

            @Override
            public void recordReacted(String aggregateName, String aggregateId, long version) {
                versions.merge(StreamIds.of(aggregateName, aggregateId), version, Math::max);
            }

            @Override
            public Checkpoints checkpoints() {
                return new Checkpoints() {
                    @Override
                    public Optional<dev.escqrs.core.port.Checkpoint> load(String consumer) {
                        return Optional.ofNullable(positions.get(consumer));
                    }

                    @Override
                    public void save(String consumer, dev.escqrs.core.port.Checkpoint checkpoint) {
                        positions.put(consumer, checkpoint);
                    }

                    @Override
                    public void delete(String consumer) {
                        positions.remove(consumer);
                    }
                };
            }
        };
    }
}
