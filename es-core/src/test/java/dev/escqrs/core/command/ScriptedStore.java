package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.EventStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A minimal store for the kernel's tests (es-core cannot depend on its adapters): it keeps aggregates and batches,
 * counts reads and appends, and lets a test run code just before an append is checked, to script races. Its history
 * reads serve the batches it kept; events by name and row rewrites are not part of the kernel's tests.
 */
final class ScriptedStore implements EventStore, AggregateReader {
    final Map<String, Aggregate<?>> aggregates = new HashMap<>();
    final List<AppendBatch<?, ?>> batches = new ArrayList<>();
    int reads;
    int appendAttempts;
    boolean returnCurrentOnConflict = true;
    private Consumer<AppendBatch<?, ?>> beforeAppend = b -> {};

    void beforeAppend(Consumer<AppendBatch<?, ?>> hook) {
        this.beforeAppend = hook;
    }

    @Override
    public synchronized <E, S> void append(AppendBatch<E, S> batch) {
        appendAttempts++;
        beforeAppend.accept(batch);
        Aggregate<?> current = aggregates.get(batch.aggregateId());
        long actual = current == null ? 0 : current.version();
        if (actual != batch.baseVersion()) {
            throw ConflictException.concurrentAppend(
                    batch.type().name(),
                    batch.aggregateId(),
                    batch.baseVersion(),
                    Optional.of(actual),
                    returnCurrentOnConflict ? Optional.ofNullable(current) : Optional.empty());
        }
        aggregates.put(batch.aggregateId(), batch.aggregate());
        batches.add(batch);
    }

    /** Stores an aggregate as another writer would, bypassing the checks. */
    synchronized void put(Aggregate<?> aggregate) {
        aggregates.put(aggregate.id(), aggregate);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <S> Optional<Aggregate<S>> read(AggregateType<?, S> type, String aggregateId) {
        reads++;
        return Optional.ofNullable((Aggregate<S>) aggregates.get(aggregateId));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <E> Stream<AggregateEvent<E>> events(
            AggregateType<E, ?> type,
            String aggregateId,
            long fromVersion,
            dev.escqrs.core.port.ReadConsistency consistency) {
        return batches.stream()
                .filter(b -> b.aggregateId().equals(aggregateId))
                .flatMap(b -> b.events().stream())
                .map(e -> (AggregateEvent<E>) e)
                .filter(e -> e.aggregateVersion() >= fromVersion)
                .toList()
                .stream();
    }

    @Override
    public Stream<AggregateEvent<Object>> eventsByName(String eventName) {
        throw new UnsupportedOperationException("the kernel's tests do not list events by name");
    }

    @Override
    public <S> boolean rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId) {
        throw new UnsupportedOperationException("the kernel's tests do not rewrite rows");
    }

    @Override
    public Stream<AggregateEvent<Object>> allEvents(
            java.util.Set<String> aggregateNames, int segment, int totalSegments) {
        throw new UnsupportedOperationException("the kernel's tests do not read the whole store");
    }
}
