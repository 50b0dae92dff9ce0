package dev.escqrs.core.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A projector's view of its runner's {@link Parking}: the parked aggregates and skipped events, read once and then
 * kept up to date by what the projector writes, so that an event of an aggregate that is not parked costs a map look-up
 * and no read. Not thread-safe: the {@link Projector} calls it under its own lock.
 */
final class ParkingLot {
    private final String runner;
    private final Parking parking;
    private final ParkingRetries retries;
    private final Map<String, ParkedAggregate> entries = new LinkedHashMap<>();
    private final Map<String, Map<Long, SkippedEvent>> skips = new HashMap<>();
    /** Entries whose newest version seen moved since they were last written. */
    private final Map<String, ParkedAggregate> seenMoved = new LinkedHashMap<>();
    /** How often {@link #reloadIfDue} reads the parking again: operators' requests from other processes wait this long. */
    static final java.time.Duration RELOAD_EVERY = java.time.Duration.ofSeconds(5);

    private Instant loadedAt = Instant.MIN;
    private boolean reloadRequested;

    ParkingLot(String runner, Parking parking, ParkingRetries retries, Instant now) {
        this.runner = runner;
        this.parking = parking;
        this.retries = retries;
        reload();
        loadedAt = now;
    }

    /** Reads the entries and skips again: an operator's requests, and what other processes of the runner parked. */
    void reload() {
        reloadRequested = false;
        Parking.State state = parking.state(runner);
        entries.clear();
        state.parked().forEach(e -> entries.put(e.streamId(), e));
        skips.clear();
        state.skipped()
                .forEach(s -> skips.computeIfAbsent(s.streamId(), k -> new HashMap<>())
                        .put(s.version(), s));
    }

    /** Reads the parking again when {@link #RELOAD_EVERY} passed since it was read, or a reload was asked for. */
    void reloadIfDue(Instant now) {
        if (reloadRequested || !now.isBefore(loadedAt.plus(RELOAD_EVERY))) {
            reload();
            loadedAt = now;
        }
    }

    void requestReload() {
        reloadRequested = true;
    }

    boolean holds(String streamId) {
        return entries.containsKey(streamId);
    }

    List<ParkedAggregate> entries() {
        return List.copyOf(entries.values());
    }

    /** An event of a parked aggregate arrived: it waits; the entry's count of waiting events is written by {@link #flushSeen}. */
    void seen(String streamId, long version) {
        ParkedAggregate entry = entries.get(streamId);
        if (entry != null && version > entry.lastSeenVersion()) {
            ParkedAggregate moved = entry.seen(version);
            entries.put(streamId, moved);
            seenMoved.put(streamId, moved);
        }
    }

    void flushSeen() {
        seenMoved.values().forEach(parking::save);
        seenMoved.clear();
    }

    boolean isSkipped(String streamId, long version) {
        Map<Long, SkippedEvent> skipped = skips.get(streamId);
        return skipped != null && skipped.containsKey(version);
    }

    /** The projection now holds {@code version}: skips below it can no longer matter, and are forgotten. */
    void appliedPast(String streamId, long version) {
        Map<Long, SkippedEvent> skipped = skips.get(streamId);
        if (skipped == null) {
            return;
        }
        for (SkippedEvent skip : List.copyOf(skipped.values())) {
            if (skip.version() < version) {
                parking.forgetSkip(skip);
                skipped.remove(skip.version());
            }
        }
        if (skipped.isEmpty()) {
            skips.remove(streamId);
        }
    }

    ParkedAggregate park(
            String aggregateName,
            String aggregateId,
            ParkedAggregate.ParkedEvent head,
            long seen,
            Throwable failure,
            Instant now) {
        ParkedAggregate entry = new ParkedAggregate(
                runner,
                aggregateName,
                aggregateId,
                head,
                seen,
                ParkedAggregate.Failure.of(failure),
                1,
                now,
                now,
                retries.nextAttempt(1, now),
                Optional.empty());
        parking.save(entry);
        entries.put(entry.streamId(), entry);
        return entry;
    }

    /**
     * A retry failed: at the same head, one attempt more; at a later head (the events before it were applied), a new
     * series of attempts.
     */
    ParkedAggregate failedAgain(
            ParkedAggregate entry, ParkedAggregate.ParkedEvent failedAt, Throwable failure, Instant now) {
        boolean moved = failedAt != null && failedAt.version() != entry.head().version();
        ParkedAggregate.ParkedEvent head = failedAt == null ? entry.head() : failedAt;
        int attempts = moved ? 1 : entry.attempts() + 1;
        ParkedAggregate again = new ParkedAggregate(
                runner,
                entry.aggregateName(),
                entry.aggregateId(),
                head,
                entry.lastSeenVersion(),
                ParkedAggregate.Failure.of(failure),
                attempts,
                moved ? now : entry.firstFailure(),
                now,
                retries.nextAttempt(attempts, now),
                Optional.empty());
        parking.save(again);
        entry.request()
                .ifPresent(
                        handled -> parking.clearRequest(runner, entry.aggregateName(), entry.aggregateId(), handled));
        entries.put(again.streamId(), again);
        return again;
    }

    /** Records the skip an operator asked for: the head is never applied by this runner. */
    void skip(ParkedAggregate entry, ParkedAggregate.OperatorRequest request) {
        SkippedEvent skipped = new SkippedEvent(
                runner,
                entry.aggregateName(),
                entry.aggregateId(),
                entry.head().version(),
                entry.head().eventId(),
                entry.head().eventName(),
                request.by(),
                request.reason(),
                request.at());
        parking.recordSkip(skipped);
        skips.computeIfAbsent(entry.streamId(), k -> new HashMap<>()).put(skipped.version(), skipped);
    }

    void unpark(ParkedAggregate entry) {
        parking.remove(runner, entry.aggregateName(), entry.aggregateId());
        entries.remove(entry.streamId());
        seenMoved.remove(entry.streamId());
    }

    /** Those to try now: operators' requests first, then due automatic retries, at most a batch. */
    List<ParkedAggregate> due(Instant now) {
        List<ParkedAggregate> due = new ArrayList<>();
        for (ParkedAggregate entry : entries.values()) {
            if (entry.request().isPresent()
                    || entry.nextAttempt().filter(at -> !at.isAfter(now)).isPresent()) {
                due.add(entry);
            }
        }
        due.sort(Comparator.comparing((ParkedAggregate e) -> e.request().isEmpty())
                .thenComparing(e -> e.request()
                        .map(ParkedAggregate.OperatorRequest::at)
                        .or(e::nextAttempt)
                        .orElse(Instant.MAX)));
        return due.size() > retries.batch() ? due.subList(0, retries.batch()) : due;
    }
}
