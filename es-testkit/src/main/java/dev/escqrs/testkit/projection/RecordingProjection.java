package dev.escqrs.testkit.projection;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.DurableProjection;
import dev.escqrs.core.projection.Projection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A projection for tests: it records every event it is given, per aggregate, and every breach of the projection
 * contract (an event that is not the aggregate's next version). Thread-safe. Hand it to a runner, then compare
 * {@link #events(String, String)} with the store.
 */
public final class RecordingProjection implements Projection {
    public RecordingProjection() {}

    private final Map<String, List<AggregateEvent<?>>> applied = new LinkedHashMap<>();
    private final List<String> breaches = new ArrayList<>();
    private volatile Consumer<AggregateEvent<?>> onApply = e -> {};
    private volatile Consumer<AggregateEvent<?>> beforeApply = e -> {};

    /**
     * Runs {@code check} before each event is recorded: throwing from it is a failed write that leaves nothing
     * behind, as a database write that fails would.
     */
    public RecordingProjection beforeApply(Consumer<AggregateEvent<?>> check) {
        this.beforeApply = check;
        return this;
    }

    /** Runs {@code action} after each event is recorded (to write during a backfill, to slow it down, to fail). */
    public RecordingProjection onApply(Consumer<AggregateEvent<?>> action) {
        this.onApply = action;
        return this;
    }

    @Override
    public synchronized long appliedVersion(String aggregateName, String aggregateId) {
        List<AggregateEvent<?>> events = applied.get(StreamIds.of(aggregateName, aggregateId));
        return events == null ? 0 : events.getLast().aggregateVersion();
    }

    @Override
    public void apply(AggregateEvent<?> event) {
        beforeApply.accept(event);
        synchronized (this) {
            long held = appliedVersion(event.aggregateName(), event.aggregateId());
            if (event.aggregateVersion() != held + 1) {
                breaches.add("%s: got version %d while holding %d"
                        .formatted(event.streamId(), event.aggregateVersion(), held));
            }
            applied.computeIfAbsent(event.streamId(), k -> new ArrayList<>()).add(event);
        }
        onApply.accept(event);
    }

    @Override
    public synchronized void reset() {
        applied.clear();
        breaches.clear();
    }

    /**
     * This projection as a {@link DurableProjection} whose checkpoint is kept in {@code checkpoints}: what a read model
     * in a database is, for tests that restart a runner over the same state. Applies, reads and resets go to this one.
     */
    public DurableProjection durable(Checkpoints checkpoints) {
        RecordingProjection self = this;
        return new DurableProjection() {
            @Override
            public Checkpoints checkpoints() {
                return checkpoints;
            }

            @Override
            public long appliedVersion(String aggregateName, String aggregateId) {
                return self.appliedVersion(aggregateName, aggregateId);
            }

            @Override
            public void apply(AggregateEvent<?> event) {
                self.apply(event);
            }

            @Override
            public void reset() {
                self.reset();
            }
        };
    }

    /** The events applied for one aggregate, in the order applied. */
    public synchronized List<AggregateEvent<?>> events(String aggregateName, String aggregateId) {
        return List.copyOf(applied.getOrDefault(StreamIds.of(aggregateName, aggregateId), List.of()));
    }

    /** Every event applied. */
    public synchronized int total() {
        return applied.values().stream().mapToInt(List::size).sum();
    }

    /** The aggregates seen, as stream ids ({@code name#id}). */
    public synchronized List<String> streamIds() {
        return List.copyOf(applied.keySet());
    }

    /** Events that were not their aggregate's next version; a correct runner leaves this empty. */
    public synchronized List<String> breaches() {
        return List.copyOf(breaches);
    }
}
