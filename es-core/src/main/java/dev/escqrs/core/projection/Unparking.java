package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ReadAggregateEvents;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A projector's retries of its parked aggregates ({@link BadRecords#PARK}): each one due, by itself or as an operator
 * asked, has its events read from the store again from the version the projection holds and applied in order; then it
 * is unparked, or parked again one attempt further. An operator's skip is recorded first. Not thread-safe: the
 * {@link Projector} calls it under its own lock.
 */
final class Unparking {
    private static final Logger LOG = Logger.getLogger(Projector.class.getName());

    private final String name;
    private final ParkingLot lot;
    private final Map<String, AggregateType<?, ?>> types;
    private final ReadAggregateEvents store;
    private final AppliedEvents applied;
    private final ProjectionObserver observer;
    private final JsonCodec codec;

    Unparking(
            String name,
            ParkingLot lot,
            Map<String, AggregateType<?, ?>> types,
            ReadAggregateEvents store,
            AppliedEvents applied,
            ProjectionObserver observer,
            JsonCodec codec) {
        this.name = name;
        this.lot = lot;
        this.types = types;
        this.store = store;
        this.applied = applied;
        this.observer = observer;
        this.codec = codec;
    }

    /** Retries the aggregates due at {@code now} (see {@link Projector#retryParked}); returns how many it unparked. */
    int retryDue(Instant now) {
        lot.reloadIfDue(now);
        int unparked = 0;
        for (ParkedAggregate entry : lot.due(now)) {
            if (retry(entry, now)) {
                unparked++;
            }
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
            lot.skip(entry, request.get());
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
        applied.forget(key); // ask the projection again: another process may have applied some since
        long version = applied.held(key, entry.aggregateName(), entry.aggregateId());
        try (Stream<? extends AggregateEvent<?>> events = store.events(type, entry.aggregateId(), version + 1)) {
            Iterator<? extends AggregateEvent<?>> it = events.iterator();
            while (it.hasNext()) {
                AggregateEvent<?> event = it.next();
                if (event.aggregateVersion() <= version) {
                    continue;
                }
                if (!lot.isSkipped(key, event.aggregateVersion())) {
                    applied.applyTraced(event);
                    applied.countApplied(event, false);
                    lot.appliedPast(key, event.aggregateVersion());
                }
                version = event.aggregateVersion();
                applied.hold(key, version);
                applied.attempted();
            }
        } catch (RuntimeException e) {
            Optional<AggregateEvent<?>> failed = applied.attempting();
            applied.attempted();
            ParkedAggregate again = lot.failedAgain(
                    entry, failed.map(f -> ProjectorParking.headOf(f, codec)).orElse(null), e, now);
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
        lot.unpark(entry);
        LOG.info("%s: %s %s unparked: its events up to version %d are applied"
                .formatted(name, entry.aggregateName(), entry.aggregateId(), version));
        observer.unparked(name, entry.aggregateName(), entry.aggregateId());
        return true;
    }
}
