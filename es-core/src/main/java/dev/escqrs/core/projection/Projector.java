package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.ReadAggregateEvents;
import dev.escqrs.core.port.UnreadableEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Hands events to a {@link Projection} exactly as it needs them, whatever the source delivered: each aggregate's
 * events in version order, no repeats, no gaps. An event at or below the version the projection holds is a repeat and
 * skipped; an event beyond the next version means the source lost or reordered some (a record missed, a batch split
 * differently, a consumer that started late), and the missing versions are read from the event store (a consistent
 * read) and applied first. Nothing is ever dropped. Events of aggregate types it was not given are ignored.
 *
 * <p><b>Parking.</b> Built from a spec under {@link BadRecords#PARK}, it parks the aggregate of an event the projection
 * throws on, or that could not be decoded ({@link #apply(List, List)}), in the spec's {@link Parking}: that event and
 * every later one of the aggregate wait, other aggregates go on, and {@link #retryParked} retries it (by itself with
 * backoff, or as an operator asked) by reading its events from the store again. An error that says the store is
 * unavailable parks nothing: it is thrown, as without parking.
 *
 * <p>Thread-safe: calls are serialized, so projections need not be. The versions the projection holds are cached
 * (bounded) after the first look, so a busy aggregate costs one {@link Projection#appliedVersion} call, not one per
 * event; the cache assumes one projector per projection at a time. {@link #awaitApplied} lets a reader wait for its
 * own write (read-your-writes).
 */
public final class Projector {
    private final Map<String, AggregateType<?, ?>> types;
    private final AppliedEvents applied;
    private final VersionOrder order;
    /** Under {@link BadRecords#PARK}: the parked aggregates and skips of this runner; else null, as the next two. */
    private final ParkingLot parked;
    /** Parks the aggregate of an event that fails or cannot be decoded. */
    private final ProjectorParking parking;
    /** Retries the parked aggregates. */
    private final Unparking unparking;

    private final Progress progress = new Progress();

    /** What a projector has done since it was made. {@code gapsFilled} counts the events read from the store. */
    public record Counts(long applied, long repeats, long gapsFilled, long ignored) {}

    /**
     * @param store where missing versions are read from
     * @param types the aggregate types this projection reads; other events are ignored
     */
    public Projector(
            Projection projection, ReadAggregateEvents store, Collection<? extends AggregateType<?, ?>> types) {
        this("projection", projection, store, types, ProjectionTracer.NONE);
    }

    /** The projector of {@code spec}'s projection, its gaps filled from {@code store}, traced by the spec's tracer. */
    public Projector(ProjectionSpec spec, ReadAggregateEvents store) {
        this(spec, store, Clock.systemUTC());
    }

    /**
     * The projector of {@code spec}'s projection; under {@link BadRecords#PARK} it parks an aggregate whose event fails
     * in the spec's {@link Parking} (its parked aggregates are read from there now, once), with {@code clock}'s times.
     */
    public Projector(ProjectionSpec spec, ReadAggregateEvents store, Clock clock) {
        this(
                spec.name(),
                spec.projection(),
                store,
                spec.aggregates(),
                spec.tracer(),
                spec.observer(),
                spec.codec(),
                clock,
                spec.parking()
                        .map(parking -> new ParkingLot(spec.name(), parking, spec.retries(), clock.instant()))
                        .orElse(null));
    }

    /**
     * @param name   the projection's name, for its tracer
     * @param tracer told of each event applied (a span per event, linked to the command's)
     */
    public Projector(
            String name,
            Projection projection,
            ReadAggregateEvents store,
            Collection<? extends AggregateType<?, ?>> types,
            ProjectionTracer tracer) {
        this(name, projection, store, types, tracer, ProjectionObserver.NONE, null, Clock.systemUTC(), null);
    }

    private Projector(
            String name,
            Projection projection,
            ReadAggregateEvents store,
            Collection<? extends AggregateType<?, ?>> types,
            ProjectionTracer tracer,
            ProjectionObserver observer,
            JsonCodec codec,
            Clock clock,
            ParkingLot parked) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(store, "store");
        Map<String, AggregateType<?, ?>> byName = new LinkedHashMap<>();
        types.forEach(t -> byName.put(t.name(), t));
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("a projector needs at least one aggregate type");
        }
        this.types = Collections.unmodifiableMap(byName);
        this.applied = new AppliedEvents(name, projection, tracer);
        this.parked = parked;
        this.parking = parked == null ? null : new ProjectorParking(name, parked, applied, observer, codec, clock);
        this.unparking =
                parked == null ? null : new Unparking(name, parked, this.types, store, applied, observer, codec);
        this.order = new VersionOrder(name, this.types, store, applied, parking);
    }

    /** The names of the aggregate types it projects. */
    public Set<String> aggregateNames() {
        return types.keySet();
    }

    /**
     * Applies a batch from any source (the change feed, a Lambda event, a backfill page); returns how many events it
     * applied to the projection (gap events read from the store included, repeats and other types not).
     */
    public long apply(List<? extends AggregateEvent<?>> events) {
        return apply(events, List.of());
    }

    /**
     * Applies a batch and parks the aggregates of the events of ours that could not be decoded (delivered by a feed
     * that parks, {@link BadRecords#PARK}); returns how many events it applied. Without parking, an unreadable event
     * is an error.
     */
    public long apply(List<? extends AggregateEvent<?>> events, List<UnreadableEvent> unreadable) {
        try {
            synchronized (this) {
                long before = applied.counts().applied();
                order.apply(events, unreadable);
                return applied.counts().applied() - before;
            }
        } finally {
            progress.signal();
        }
    }

    /** Applies one event (see the class comment). */
    public void apply(AggregateEvent<?> event) {
        try {
            synchronized (this) {
                order.apply(event);
            }
        } finally {
            progress.signal();
        }
    }

    /**
     * Retries the parked aggregates whose automatic retry is due at {@code now} or that an operator asked to retry or
     * skip, at most {@link ParkingRetries#batch()} of them; returns how many were unparked. Each retry re-reads the
     * aggregate's events from the store from the version the projection holds, so the head and every event behind it
     * are applied in order (a reaction sends their commands with the keys it always derives, so none takes effect
     * twice). Does nothing without parking.
     */
    public int retryParked(Instant now) {
        if (unparking == null) {
            return 0;
        }
        try {
            synchronized (this) {
                return unparking.retryDue(now);
            }
        } finally {
            progress.signal();
        }
    }

    /** Makes the next {@link #retryParked} read the parking first: an operator just asked for something. */
    public synchronized void reloadParked() {
        if (parked != null) {
            parked.requestReload();
        }
    }

    /** Whether this projector parks ({@link BadRecords#PARK}). */
    public boolean parks() {
        return parked != null;
    }

    /** The aggregates parked here now (as last read from the parking); empty without parking. */
    public synchronized List<ParkedAggregate> parked() {
        return parked == null ? List.of() : parked.entries();
    }

    /**
     * Forgets the cached versions, so the projection is asked again: after another process applied events to it (a
     * runner that took over a lease).
     */
    synchronized void forgetCachedVersions() {
        applied.forgetAll();
    }

    /** Resets the projection and forgets the cached versions, for a rebuild. */
    public synchronized void reset() {
        applied.reset();
    }

    /** The version of this aggregate's last event the projection holds (0 when none). */
    public synchronized long appliedVersion(String aggregateName, String aggregateId) {
        return applied.held(StreamIds.of(aggregateName, aggregateId), aggregateName, aggregateId);
    }

    /** The last event applied through this projector, if any. */
    public synchronized Optional<AggregateEvent<?>> lastApplied() {
        return applied.lastApplied();
    }

    /**
     * Waits until the projection holds version {@code version} of the aggregate (or a later one): read-your-writes
     * for a caller that just appended it. Returns false when {@code timeout} passed first.
     *
     * @throws InterruptedException the waiting thread was interrupted
     */
    public boolean awaitApplied(String aggregateName, String aggregateId, long version, Duration timeout)
            throws InterruptedException {
        return progress.await(() -> appliedVersion(aggregateName, aggregateId) >= version, timeout);
    }

    public synchronized Counts counts() {
        return applied.counts();
    }
}
