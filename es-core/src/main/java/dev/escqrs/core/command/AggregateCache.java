package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, least-recently-used cache of aggregates for the command path, as Equinox keeps: a warm command skips
 * the read, because the append's version condition proves (or refutes) that the cached aggregate is current. Never
 * used for queries. Thread-safe.
 */
final class AggregateCache<S> {
    private final int capacity;
    private final Map<String, Aggregate<S>> entries;

    AggregateCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Aggregate<S>> eldest) {
                return size() > AggregateCache.this.capacity;
            }
        };
    }

    synchronized Optional<Aggregate<S>> get(String id) {
        return capacity == 0 ? Optional.empty() : Optional.ofNullable(entries.get(id));
    }

    synchronized void put(Aggregate<S> aggregate) {
        if (capacity == 0) {
            return;
        }
        // never replace a newer entry with an older one (two threads finishing out of order)
        Aggregate<S> existing = entries.get(aggregate.id());
        if (existing == null || existing.version() <= aggregate.version()) {
            entries.put(aggregate.id(), aggregate);
        }
    }

    synchronized void remove(String id) {
        entries.remove(id);
    }
}
