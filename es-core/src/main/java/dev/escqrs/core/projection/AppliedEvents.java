package dev.escqrs.core.projection;

import dev.escqrs.core.event.AggregateEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A projector's projection and what it knows of it: the version of each aggregate the projection holds, asked once and
 * then kept up to date here (bounded: the least recently used go first), what was applied to it, and the event being
 * applied, for the parked entry when it throws. Each event is applied traced. The cache assumes one projector per
 * projection at a time. Not thread-safe: the {@link Projector} calls it under its own lock.
 */
final class AppliedEvents {
    private static final int CACHED_VERSIONS = 100_000;

    private final String name;
    private final Projection projection;
    private final ProjectionTracer tracer;
    private final Map<String, Long> versions = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED_VERSIONS;
        }
    };
    private long applied;
    private long repeats;
    private long gapsFilled;
    private long ignored;
    private AggregateEvent<?> lastApplied;
    /** The event being applied, for the parked entry when it throws; null between events. */
    private AggregateEvent<?> attempting;

    AppliedEvents(String name, Projection projection, ProjectionTracer tracer) {
        this.name = name;
        this.projection = projection;
        this.tracer = tracer;
    }

    /** The version the projection holds, asked once per aggregate and then kept up to date here. */
    long held(String key, String aggregateName, String aggregateId) {
        return versions.computeIfAbsent(key, k -> projection.appliedVersion(aggregateName, aggregateId));
    }

    /** The version cached for the aggregate {@code key}, 0 when none is: the projection is not asked. */
    long cached(String key) {
        return versions.getOrDefault(key, 0L);
    }

    /** The projection now holds {@code version} of the aggregate {@code key}. */
    void hold(String key, long version) {
        versions.put(key, version);
    }

    /** Asks the projection again at the next look: another process may have applied some since. */
    void forget(String key) {
        versions.remove(key);
    }

    void forgetAll() {
        versions.clear();
    }

    /** Applies {@code event} to the projection, traced; until {@link #attempted()}, it is the one being applied. */
    void applyTraced(AggregateEvent<?> event) {
        attempting = event;
        if (tracer == ProjectionTracer.NONE) {
            projection.apply(event);
            return;
        }
        try (ProjectionTracer.Applying applying = tracer.applying(name, event)) {
            try {
                projection.apply(event);
            } catch (RuntimeException | Error e) {
                applying.failed(e);
                throw e;
            }
        }
    }

    /** The event being applied, when it threw. */
    Optional<AggregateEvent<?>> attempting() {
        return Optional.ofNullable(attempting);
    }

    /** Between events: none is being applied. */
    void attempted() {
        attempting = null;
    }

    /** Counts {@code event} as applied; {@code gap}: it was read from the store to fill a gap. */
    void countApplied(AggregateEvent<?> event, boolean gap) {
        applied++;
        if (gap) {
            gapsFilled++;
        }
        lastApplied = event;
    }

    void countRepeat() {
        repeats++;
    }

    void countIgnored() {
        ignored++;
    }

    Projector.Counts counts() {
        return new Projector.Counts(applied, repeats, gapsFilled, ignored);
    }

    Optional<AggregateEvent<?>> lastApplied() {
        return Optional.ofNullable(lastApplied);
    }

    /** Resets the projection and forgets the cached versions, for a rebuild. */
    void reset() {
        projection.reset();
        versions.clear();
        lastApplied = null;
    }
}
