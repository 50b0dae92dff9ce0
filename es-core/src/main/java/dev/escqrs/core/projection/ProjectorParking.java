package dev.escqrs.core.projection;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.UnreadableEvent;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A projector's parking, under {@link BadRecords#PARK}: it parks the aggregate of an event that fails or cannot be
 * decoded in its {@link ParkingLot}, logged and told to the observer; {@link Unparking} retries them. Not thread-safe:
 * the {@link Projector} calls it under its own lock.
 */
final class ProjectorParking {
    private static final Logger LOG = Logger.getLogger(Projector.class.getName());

    private final String name;
    private final ParkingLot lot;
    private final AppliedEvents applied;
    private final ProjectionObserver observer;
    private final JsonCodec codec;
    private final Clock clock;

    ProjectorParking(
            String name,
            ParkingLot lot,
            AppliedEvents applied,
            ProjectionObserver observer,
            JsonCodec codec,
            Clock clock) {
        this.name = name;
        this.lot = lot;
        this.applied = applied;
        this.observer = observer;
        this.codec = codec;
        this.clock = clock;
    }

    /** Whether {@code e} says the store itself is unavailable: then every aggregate would fail alike, park none. */
    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EscqrsException escqrs && escqrs.retryable()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the aggregate is parked: then its event at {@code version} waits, seen but not applied. */
    boolean waits(String key, long version) {
        if (!lot.holds(key)) {
            return false;
        }
        lot.seen(key, version);
        return true;
    }

    boolean isSkipped(String key, long version) {
        return lot.isSkipped(key, version);
    }

    void appliedPast(String key, long version) {
        lot.appliedPast(key, version);
    }

    void flushSeen() {
        lot.flushSeen();
    }

    /** Parks the aggregate of {@code delivered}, which failed with {@code failure} (or an event before it did). */
    void park(
            String key,
            String aggregateName,
            String aggregateId,
            AggregateEvent<?> delivered,
            RuntimeException failure) {
        long head = applied.cached(key) + 1;
        AggregateEvent<?> failed = applied.attempting()
                .orElse(delivered != null && delivered.aggregateVersion() == head ? delivered : null);
        ParkedAggregate.ParkedEvent event =
                failed == null ? new ParkedAggregate.ParkedEvent(head, "", "", "") : headOf(failed, codec);
        long seen = delivered == null ? event.version() : delivered.aggregateVersion();
        ParkedAggregate entry = lot.park(aggregateName, aggregateId, event, seen, failure, clock.instant());
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

    /** Parks the aggregate of {@code event}, which could not be decoded, unless it is parked already or a repeat. */
    void parkUnreadable(UnreadableEvent event) {
        String key = StreamIds.of(event.aggregateName(), event.aggregateId());
        if (waits(key, event.aggregateVersion())) {
            return;
        }
        long held = applied.held(key, event.aggregateName(), event.aggregateId());
        if (event.aggregateVersion() <= held || lot.isSkipped(key, event.aggregateVersion())) {
            applied.countRepeat();
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
        ParkedAggregate entry = lot.park(
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

    /** The entry's head for {@code event}, which failed; its JSON is empty when {@code codec} cannot encode it. */
    static ParkedAggregate.ParkedEvent headOf(AggregateEvent<?> event, JsonCodec codec) {
        String json;
        if (codec == null) {
            json = "";
        } else {
            try {
                json = codec.encode(event).payload().toString();
            } catch (RuntimeException e) {
                json = "";
            }
        }
        return new ParkedAggregate.ParkedEvent(event.aggregateVersion(), event.eventId(), event.eventName(), json);
    }
}
