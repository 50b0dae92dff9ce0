package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.ReadAggregateEvents;
import dev.escqrs.core.port.UnreadableEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

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
    private static final Logger LOG = Logger.getLogger(Projector.class.getName());
    private static final int CACHED_VERSIONS = 100_000;

    private final Projection projection;
    private final ReadAggregateEvents store;
    private final String name;
    private final ProjectionTracer tracer;
    private final ProjectionObserver observer;
    private final JsonCodec codec;
    private final Clock clock;
    /** Under {@link BadRecords#PARK}: the parked aggregates and skips of this runner; else null. */
    private final ParkingLot parked;

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
    /** The event being applied, for the parked entry when it throws; null between events. */
    private AggregateEvent<?> attempting;
    // waiting readers park on a lock of their own, not on this monitor (a virtual thread would pin its carrier there)
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private long progress;

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
        this.observer = Objects.requireNonNull(observer, "observer");
        this.codec = codec;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.parked = parked;
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
                long before = applied;
                if (unreadable.isEmpty()) {
                    for (AggregateEvent<?> event : events) {
                        applyOne(event);
                    }
                } else {
                    applyInVersionOrder(events, unreadable);
                }
                if (parked != null) {
                    parked.flushSeen();
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
                if (parked != null) {
                    parked.flushSeen();
                }
            }
        } finally {
            signalProgress();
        }
    }

    /** Events and unreadable events together, each aggregate's in version order, so that a head parks where it is. */
    private void applyInVersionOrder(List<? extends AggregateEvent<?>> events, List<UnreadableEvent> unreadable) {
        record Next(String streamId, long version, AggregateEvent<?> event, UnreadableEvent unreadable) {}
        List<Next> all = new java.util.ArrayList<>(events.size() + unreadable.size());
        events.forEach(e -> all.add(new Next(e.streamId(), e.aggregateVersion(), e, null)));
        unreadable.forEach(u ->
                all.add(new Next(StreamIds.of(u.aggregateName(), u.aggregateId()), u.aggregateVersion(), null, u)));
        all.sort(java.util.Comparator.comparing(Next::streamId).thenComparingLong(Next::version));
        for (Next next : all) {
            if (next.event() != null) {
                applyOne(next.event());
            } else {
                parkUnreadable(next.unreadable());
            }
        }
    }

    private void applyOne(AggregateEvent<?> event) {
        AggregateType<?, ?> type = types.get(event.aggregateName());
        if (type == null) {
            ignored++;
            return;
        }
        String key = StreamIds.of(event.aggregateName(), event.aggregateId());
        if (parked != null && parked.holds(key)) {
            parked.seen(key, event.aggregateVersion());
            return;
        }
        try {
            applyInOrder(type, event, key);
        } catch (RuntimeException e) {
            if (parked == null || isUnavailable(e)) {
                throw e;
            }
            park(key, event.aggregateName(), event.aggregateId(), event, e);
        } finally {
            attempting = null;
        }
    }

    /** Applies {@code event} after the versions before it that the projection lacks, read from the store. */
    private void applyInOrder(AggregateType<?, ?> type, AggregateEvent<?> event, String key) {
        long held = held(key, event.aggregateName(), event.aggregateId());
        if (event.aggregateVersion() <= held) {
            repeats++;
            return;
        }
        if (event.aggregateVersion() > held + 1) {
            held = fillGap(type, event, held, key);
        }
        if (parked != null && parked.isSkipped(key, event.aggregateVersion())) {
            versions.put(key, event.aggregateVersion());
            return;
        }
        applyTraced(event);
        versions.put(key, event.aggregateVersion());
        applied++;
        lastApplied = event;
        if (parked != null) {
            parked.appliedPast(key, event.aggregateVersion());
        }
    }

    private void applyTraced(AggregateEvent<?> event) {
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

    private long fillGap(AggregateType<?, ?> type, AggregateEvent<?> event, long held, String key) {
        long version = held;
        try (Stream<? extends AggregateEvent<?>> missing = store.events(type, event.aggregateId(), held + 1)) {
            Iterator<? extends AggregateEvent<?>> it = missing.iterator();
            while (version < event.aggregateVersion() - 1 && it.hasNext()) {
                AggregateEvent<?> earlier = it.next();
                if (earlier.aggregateVersion() != version + 1) {
                    break;
                }
                if (parked != null && parked.isSkipped(key, earlier.aggregateVersion())) {
                    version = earlier.aggregateVersion();
                    versions.put(key, version);
                    continue;
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
                    .formatted(
                            event.aggregateName(),
                            event.aggregateId(),
                            held,
                            event.aggregateVersion(),
                            version,
                            version));
        }
        return version;
    }

    /** Whether {@code e} says the store itself is unavailable: then every aggregate would fail alike, park none. */
    private static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EscqrsException escqrs && escqrs.retryable()) {
                return true;
            }
        }
        return false;
    }

    private void park(
            String key,
            String aggregateName,
            String aggregateId,
            AggregateEvent<?> delivered,
            RuntimeException failure) {
        long head = versions.getOrDefault(key, 0L) + 1;
        AggregateEvent<?> failed = attempting != null
                ? attempting
                : delivered != null && delivered.aggregateVersion() == head ? delivered : null;
        ParkedAggregate.ParkedEvent event = failed == null
                ? new ParkedAggregate.ParkedEvent(head, "", "", "")
                : new ParkedAggregate.ParkedEvent(
                        failed.aggregateVersion(), failed.eventId(), failed.eventName(), json(failed));
        long seen = delivered == null ? event.version() : delivered.aggregateVersion();
        ParkedAggregate entry = parked.park(aggregateName, aggregateId, event, seen, failure, clock.instant());
        LOG.log(
                Level.WARNING,
                ("%s: parked %s %s at version %d (event %s %s): %s: %s; its later events wait, other "
                                + "aggregates go on; next automatic retry %s")
                        .formatted(
                                name,
                                aggregateName,
                                aggregateId,
                                event.version(),
                                event.eventId(),
                                event.eventName(),
                                failure.getClass().getName(),
                                failure.getMessage(),
                                entry.nextAttempt()
                                        .map(Object::toString)
                                        .orElse("none: an operator must retry or skip it")),
                failure);
        observer.parked(name, entry);
    }

    private void parkUnreadable(UnreadableEvent event) {
        AggregateType<?, ?> type = types.get(event.aggregateName());
        if (type == null) {
            ignored++;
            return;
        }
        if (parked == null) {
            throw new IllegalStateException(
                    "%s: event %s of %s %s version %d cannot be decoded (%s), and this projector "
                                    .formatted(
                                            name,
                                            event.eventId(),
                                            event.aggregateName(),
                                            event.aggregateId(),
                                            event.aggregateVersion(),
                                            event.reason())
                            + "does not park: choose BadRecords.PARK");
        }
        String key = StreamIds.of(event.aggregateName(), event.aggregateId());
        if (parked.holds(key)) {
            parked.seen(key, event.aggregateVersion());
            return;
        }
        long held = held(key, event.aggregateName(), event.aggregateId());
        if (event.aggregateVersion() <= held || parked.isSkipped(key, event.aggregateVersion())) {
            repeats++;
            return;
        }
        ParkedAggregate.ParkedEvent head = event.aggregateVersion() == held + 1
                ? new ParkedAggregate.ParkedEvent(
                        event.aggregateVersion(), event.eventId(), event.eventName(), event.json())
                : new ParkedAggregate.ParkedEvent(held + 1, "", "", "");
        RuntimeException failure = new SerializationException("event %s (%s) of %s %s version %d cannot be decoded: %s"
                .formatted(
                        event.eventId(),
                        event.eventName(),
                        event.aggregateName(),
                        event.aggregateId(),
                        event.aggregateVersion(),
                        event.reason()));
        ParkedAggregate entry = parked.park(
                event.aggregateName(), event.aggregateId(), head, event.aggregateVersion(), failure, clock.instant());
        LOG.log(
                Level.WARNING,
                "%s: parked %s %s at version %d: %s; its later events wait, other aggregates go on"
                        .formatted(
                                name,
                                event.aggregateName(),
                                event.aggregateId(),
                                head.version(),
                                failure.getMessage()));
        observer.parked(name, entry);
    }

    private String json(AggregateEvent<?> event) {
        if (codec == null) {
            return "";
        }
        try {
            return codec.encode(event).payload().toString();
        } catch (RuntimeException e) {
            return "";
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
        if (parked == null) {
            return 0;
        }
        int unparked = 0;
        try {
            synchronized (this) {
                parked.reloadIfDue(now);
                for (ParkedAggregate entry : parked.due(now)) {
                    if (retry(entry, now)) {
                        unparked++;
                    }
                }
            }
        } finally {
            signalProgress();
        }
        return unparked;
    }

    private boolean retry(ParkedAggregate entry, Instant now) {
        AggregateType<?, ?> type = types.get(entry.aggregateName());
        String key = entry.streamId();
        if (type == null) {
            return false;
        }
        Optional<ParkedAggregate.OperatorRequest> request = entry.request();
        if (request.isPresent() && request.get().action() == ParkedAggregate.Action.SKIP) {
            parked.skip(entry, request.get());
            LOG.info("%s: %s skipped %s %s version %d (event %s %s): %s"
                    .formatted(
                            name,
                            request.get().by(),
                            entry.aggregateName(),
                            entry.aggregateId(),
                            entry.head().version(),
                            entry.head().eventId(),
                            entry.head().eventName(),
                            request.get().reason()));
        }
        versions.remove(key); // ask the projection again: another process may have applied some since
        long version = held(key, entry.aggregateName(), entry.aggregateId());
        try (Stream<? extends AggregateEvent<?>> events = store.events(type, entry.aggregateId(), version + 1)) {
            Iterator<? extends AggregateEvent<?>> it = events.iterator();
            while (it.hasNext()) {
                AggregateEvent<?> event = it.next();
                if (event.aggregateVersion() <= version) {
                    continue;
                }
                if (!parked.isSkipped(key, event.aggregateVersion())) {
                    applyTraced(event);
                    applied++;
                    lastApplied = event;
                    parked.appliedPast(key, event.aggregateVersion());
                }
                version = event.aggregateVersion();
                versions.put(key, version);
                attempting = null;
            }
        } catch (RuntimeException e) {
            AggregateEvent<?> failed = attempting;
            attempting = null;
            ParkedAggregate again = parked.failedAgain(
                    entry,
                    failed == null
                            ? null
                            : new ParkedAggregate.ParkedEvent(
                                    failed.aggregateVersion(), failed.eventId(), failed.eventName(), json(failed)),
                    e,
                    now);
            LOG.log(
                    Level.WARNING,
                    "%s: retry %d of %s %s at version %d failed: %s: %s; next automatic retry %s"
                            .formatted(
                                    name,
                                    again.attempts(),
                                    entry.aggregateName(),
                                    entry.aggregateId(),
                                    again.head().version(),
                                    e.getClass().getName(),
                                    e.getMessage(),
                                    again.nextAttempt()
                                            .map(Object::toString)
                                            .orElse("none: an operator must retry or skip it")));
            observer.parked(name, again);
            return false;
        }
        parked.unpark(entry);
        LOG.info("%s: %s %s unparked: its events up to version %d are applied"
                .formatted(name, entry.aggregateName(), entry.aggregateId(), version));
        observer.unparked(name, entry.aggregateName(), entry.aggregateId());
        return true;
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
        versions.clear();
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
