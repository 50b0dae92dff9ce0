package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.AppendEvents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A minimal store for the kernel's tests (es-core cannot depend on its adapters): it keeps aggregates and batches,
 * counts reads and appends, and lets a test run code just before an append is checked, to script races.
 */
final class ScriptedStore implements AppendEvents, AggregateReader {
    final Map<String, Aggregate<?>> aggregates = new HashMap<>();
    final List<AppendBatch<?, ?>> batches = new ArrayList<>();
    int reads;
    int appendAttempts;
    boolean returnCurrentOnConflict = true;
    private Consumer<AppendBatch<?, ?>> beforeAppend = b -> { };

    void beforeAppend(Consumer<AppendBatch<?, ?>> hook) {
        this.beforeAppend = hook;
    }

    @Override
    public synchronized <S, E> void append(AppendBatch<S, E> batch) {
        appendAttempts++;
        beforeAppend.accept(batch);
        Aggregate<?> current = aggregates.get(batch.aggregateId());
        long actual = current == null ? 0 : current.version();
        if (actual != batch.expectedVersion()) {
            throw ConflictException.concurrentAppend(batch.type().name(), batch.aggregateId(), batch.expectedVersion(),
                    Optional.of(actual), returnCurrentOnConflict ? Optional.ofNullable(current) : Optional.empty());
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
    public synchronized <S> Optional<Aggregate<S>> read(AggregateType<S, ?> type, String aggregateId) {
        reads++;
        return Optional.ofNullable((Aggregate<S>) aggregates.get(aggregateId));
    }
}
