package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.ReadAggregateEvents;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Hands events to a {@link Projection} exactly as it needs them, whatever the source delivered: each aggregate's
 * events in version order, no repeats, no gaps. An event at or below the version the projection holds is a repeat and
 * skipped; an event beyond the next version means the source lost or reordered some (a record missed, a batch split
 * differently, a consumer that started late), and the missing versions are read from the event store (a consistent
 * read) and applied first. Nothing is ever dropped. Events of aggregate types it was not given are ignored.
 *
 * <p>Thread-safe: calls are serialized, so projections need not be. The versions the projection holds are cached
 * (bounded) after the first look, so a busy aggregate costs one {@link Projection#appliedVersion} call, not one per
 * event; the cache assumes one projector per projection at a time. {@link #awaitApplied} lets a reader wait for its
 * own write (read-your-writes).
 */
public final class Projector {
    private static final int CACHED_VERSIONS = 100_000;

    private final Projection projection;
    private final ReadAggregateEvents store;
    private final String name;
    private final ProjectionTracer tracer;
    private final Map<String, AggregateType<?, ?>> types = new LinkedHashMap<>();
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
    // waiting readers park on a lock of their own, not on this monitor (a virtual thread would pin its carrier there)
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private long progress;

    /** What a projector has done since it was made. {@code gapsFilled} counts the events read from the store. */
    public record Counts(long applied, long repeats, long gapsFilled, long ignored) {
    }

    /**
     * @param store where missing versions are read from
     * @param types the aggregate types this projection reads; other events are ignored
     */
    public Projector(Projection projection, ReadAggregateEvents store, Collection<? extends AggregateType<?, ?>> types) {
        this("projection", projection, store, types, ProjectionTracer.NONE);
    }

    /** The projector of {@code spec}'s projection, its gaps filled from {@code store}, traced by the spec's tracer. */
    public Projector(ProjectionSpec spec, ReadAggregateEvents store) {
        this(spec.name(), spec.projection(), store, spec.aggregates(), spec.tracer());
    }

    /**
     * @param name   the projection's name, for its tracer
     * @param tracer told of each event applied (a span per event, linked to the command's)
     */
    public Projector(String name, Projection projection, ReadAggregateEvents store,
                     Collection<? extends AggregateType<?, ?>> types, ProjectionTracer tracer) {
        this.name = Objects.requireNonNull(name, "name");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.store = Objects.requireNonNull(store, "store");
        types.forEach(t -> this.types.put(t.name(), t));
        if (this.types.isEmpty()) {
            throw new IllegalArgumentException("a projector needs at least one aggregate type");
        }
    }

    /** The names of the aggregate types it projects. */
    public java.util.Set<String> aggregateNames() {
        return java.util.Collections.unmodifiableSet(types.keySet());
    }

    /**
     * Applies a batch from any source (the change feed, a Lambda event, a backfill page); returns how many events it
     * applied to the projection (gap events read from the store included, repeats and other types not).
     */
    public long apply(List<? extends AggregateEvent<?>> events) {
        try {
            synchronized (this) {
                long before = applied;
                for (AggregateEvent<?> event : events) {
                    applyOne(event);
                }
                return applied - before;
            }
        } finally {
            signalProgress();
        }
    }

    /** Applies one event (see the class comment). */
    public void apply(AggregateEvent<?> event) {
        try {
            synchronized (this) {
                applyOne(event);
            }
        } finally {
            signalProgress();
        }
    }

    private void applyOne(AggregateEvent<?> event) {
        AggregateType<?, ?> type = types.get(event.aggregateName());
        if (type == null) {
            ignored++;
            return;
        }
        String key = StreamIds.of(event.aggregateName(), event.aggregateId());
        long held = held(key, event.aggregateName(), event.aggregateId());
        if (event.aggregateVersion() <= held) {
            repeats++;
            return;
        }
        if (event.aggregateVersion() > held + 1) {
            held = fillGap(type, event, held, key);
        }
        applyTraced(event);
        versions.put(key, event.aggregateVersion());
        applied++;
        lastApplied = event;
    }

    private void applyTraced(AggregateEvent<?> event) {
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

    private long fillGap(AggregateType<?, ?> type, AggregateEvent<?> event, long held, String key) {
        long version = held;
        try (Stream<? extends AggregateEvent<?>> missing = store.events(type, event.aggregateId(), held + 1)) {
            Iterator<? extends AggregateEvent<?>> it = missing.iterator();
            while (version < event.aggregateVersion() - 1 && it.hasNext()) {
                AggregateEvent<?> earlier = it.next();
                if (earlier.aggregateVersion() != version + 1) {
                    break;
                }
                applyTraced(earlier);
                version = earlier.aggregateVersion();
                versions.put(key, version);
                applied++;
                gapsFilled++;
                lastApplied = earlier;
            }
        }
        if (version != event.aggregateVersion() - 1) {
            throw new EventSequenceException(("%s %s: the projection holds version %d and received version %d, but the "
                    + "event store has only up to version %d of the ones between; nothing after version %d was applied")
                    .formatted(event.aggregateName(), event.aggregateId(), held, event.aggregateVersion(), version, version));
        }
        return version;
    }

    /** Resets the projection and forgets the cached versions, for a rebuild. */
    public synchronized void reset() {
        projection.reset();
        versions.clear();
        lastApplied = null;
    }

    /** The version of this aggregate's last event the projection holds (0 when none). */
    public synchronized long appliedVersion(String aggregateName, String aggregateId) {
        return held(StreamIds.of(aggregateName, aggregateId), aggregateName, aggregateId);
    }

    /** The version the projection holds, asked once per aggregate and then kept up to date here. */
    private long held(String key, String aggregateName, String aggregateId) {
        return versions.computeIfAbsent(key, k -> projection.appliedVersion(aggregateName, aggregateId));
    }

    /** The last event applied through this projector, if any. */
    public synchronized Optional<AggregateEvent<?>> lastApplied() {
        return Optional.ofNullable(lastApplied);
    }

    /**
     * Waits until the projection holds version {@code version} of the aggregate (or a later one): read-your-writes
     * for a caller that just appended it. Returns false when {@code timeout} passed first.
     *
     * @throws InterruptedException the waiting thread was interrupted
     */
    public boolean awaitApplied(String aggregateName, String aggregateId, long version, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            progressLock.lock();
            try {
                seen = progress;
            } finally {
                progressLock.unlock();
            }
            if (appliedVersion(aggregateName, aggregateId) >= version) {
                return true;
            }
            progressLock.lock();
            try {
                long left = deadline - System.nanoTime();
                while (progress == seen) {
                    if (left <= 0) {
                        return false;
                    }
                    left = progressed.awaitNanos(left);
                }
            } finally {
                progressLock.unlock();
            }
        }
    }

    private void signalProgress() {
        progressLock.lock();
        try {
            progress++;
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    public synchronized Counts counts() {
        return new Counts(applied, repeats, gapsFilled, ignored);
    }
}
