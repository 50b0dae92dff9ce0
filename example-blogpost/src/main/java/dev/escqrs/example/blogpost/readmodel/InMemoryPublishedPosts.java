package dev.escqrs.example.blogpost.readmodel;

import dev.escqrs.core.event.AggregateEvent;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The published-posts read model in memory, beside the in-memory event store. */
public final class InMemoryPublishedPosts implements PublishedPosts {
    private final Map<String, Row> rows = new HashMap<>();

    @Override
    public synchronized long appliedVersion(String aggregateName, String aggregateId) {
        Row row = rows.get(aggregateId);
        return row == null ? 0 : row.version();
    }

    @Override
    public synchronized void apply(AggregateEvent<?> event) {
        rows.put(event.aggregateId(), Row.next(Optional.ofNullable(rows.get(event.aggregateId())), event));
    }

    @Override
    public synchronized void reset() {
        rows.clear();
    }

    @Override
    public synchronized List<Summary> published() {
        return rows.values().stream().filter(Row::published).map(Row::summary)
                .sorted(Comparator.comparing(Summary::publishedAt).reversed().thenComparing(Summary::id))
                .toList();
    }
}
