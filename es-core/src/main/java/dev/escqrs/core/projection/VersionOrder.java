package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.ReadAggregateEvents;
import dev.escqrs.core.port.UnreadableEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A projector's ordering: each aggregate's events reach the projection in version order, a repeat skipped, a gap filled
 * from the store first; an event of a parked aggregate waits, and one that fails parks its aggregate (under
 * {@link BadRecords#PARK}) or is thrown. Not thread-safe: the {@link Projector} calls it under its own lock.
 */
final class VersionOrder {
    private final String name;
    private final Map<String, AggregateType<?, ?>> types;
    private final ReadAggregateEvents store;
    private final AppliedEvents applied;
    /** Under {@link BadRecords#PARK}: where what fails is parked; else null, and what fails is thrown. */
    private final ProjectorParking parking;

    VersionOrder(
            String name,
            Map<String, AggregateType<?, ?>> types,
            ReadAggregateEvents store,
            AppliedEvents applied,
            ProjectorParking parking) {
        this.name = name;
        this.types = types;
        this.store = store;
        this.applied = applied;
        this.parking = parking;
    }

    /** Applies a batch; the aggregates of the events that could not be decoded are parked. */
    void apply(List<? extends AggregateEvent<?>> events, List<UnreadableEvent> unreadable) {
        if (unreadable.isEmpty()) {
            for (AggregateEvent<?> event : events) {
                applyOne(event);
            }
        } else {
            applyInVersionOrder(events, unreadable);
        }
        if (parking != null) {
            parking.flushSeen();
        }
    }

    void apply(AggregateEvent<?> event) {
        applyOne(event);
        if (parking != null) {
            parking.flushSeen();
        }
    }

    /** Events and unreadable events together, each aggregate's in version order, so that a head parks where it is. */
    private void applyInVersionOrder(List<? extends AggregateEvent<?>> events, List<UnreadableEvent> unreadable) {
        record Next(String streamId, long version, AggregateEvent<?> event, UnreadableEvent unreadable) {}
        List<Next> all = new ArrayList<>(events.size() + unreadable.size());
        events.forEach(e -> all.add(new Next(e.streamId(), e.aggregateVersion(), e, null)));
        unreadable.forEach(u ->
                all.add(new Next(StreamIds.of(u.aggregateName(), u.aggregateId()), u.aggregateVersion(), null, u)));
        all.sort(Comparator.comparing(Next::streamId).thenComparingLong(Next::version));
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
            applied.countIgnored();
            return;
        }
        String key = StreamIds.of(event.aggregateName(), event.aggregateId());
        if (parking != null && parking.waits(key, event.aggregateVersion())) {
            return;
        }
        try {
            applyInOrder(type, event, key);
        } catch (RuntimeException e) {
            if (parking == null || ProjectorParking.isUnavailable(e)) {
                throw e;
            }
            parking.park(key, event.aggregateName(), event.aggregateId(), event, e);
        } finally {
            applied.attempted();
        }
    }

    /** Applies {@code event} after the versions before it that the projection lacks, read from the store. */
    private void applyInOrder(AggregateType<?, ?> type, AggregateEvent<?> event, String key) {
        long held = applied.held(key, event.aggregateName(), event.aggregateId());
        if (event.aggregateVersion() <= held) {
            applied.countRepeat();
            return;
        }
        if (event.aggregateVersion() > held + 1) {
            held = fillGap(type, event, held, key);
        }
        if (parking != null && parking.isSkipped(key, event.aggregateVersion())) {
            applied.hold(key, event.aggregateVersion());
            return;
        }
        applied.applyTraced(event);
        applied.hold(key, event.aggregateVersion());
        applied.countApplied(event, false);
        if (parking != null) {
            parking.appliedPast(key, event.aggregateVersion());
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
                if (parking != null && parking.isSkipped(key, earlier.aggregateVersion())) {
                    version = earlier.aggregateVersion();
                    applied.hold(key, version);
                    continue;
                }
                applied.applyTraced(earlier);
                version = earlier.aggregateVersion();
                applied.hold(key, version);
                applied.countApplied(earlier, true);
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

    private void parkUnreadable(UnreadableEvent event) {
        AggregateType<?, ?> type = types.get(event.aggregateName());
        if (type == null) {
            applied.countIgnored();
            return;
        }
        if (parking == null) {
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
        parking.parkUnreadable(event);
    }
}
