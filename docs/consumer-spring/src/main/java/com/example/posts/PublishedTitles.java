package com.example.posts;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.Projection;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** A read model in memory: the titles of published posts (rebuilt from the store at each start). */
public final class PublishedTitles implements Projection {
    private record Row(String title, boolean published, long version) {
    }

    private final Map<String, Row> rows = new ConcurrentHashMap<>();

    @Override
    public long appliedVersion(String aggregateName, String aggregateId) {
        Row row = rows.get(aggregateId);
        return row == null ? 0 : row.version();
    }

    @Override
    public void apply(AggregateEvent<?> event) {
        Row row = rows.getOrDefault(event.aggregateId(), new Row("", false, 0));
        switch (event.payload()) {
            case Posts.PostEvent.Created created -> row = new Row(created.title(), false, event.aggregateVersion());
            case Posts.PostEvent.Published published -> row = new Row(row.title(), true, event.aggregateVersion());
            default -> row = new Row(row.title(), row.published(), event.aggregateVersion());
        }
        rows.put(event.aggregateId(), row);
    }

    @Override
    public void reset() {
        rows.clear();
    }

    public TreeSet<String> titles() {
        TreeSet<String> titles = new TreeSet<>();
        rows.values().stream().filter(Row::published).forEach(row -> titles.add(row.title()));
        return titles;
    }
}
