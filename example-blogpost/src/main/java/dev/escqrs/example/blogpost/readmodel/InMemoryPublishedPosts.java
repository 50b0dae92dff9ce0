package dev.escqrs.example.blogpost.readmodel;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.example.blogpost.domain.Author;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published-posts read model in memory, beside the in-memory event store. It is not a {@code DurableProjection}:
 * its runner keeps the checkpoint in memory too, and a new process rebuilds it from the store.
 */
public final class InMemoryPublishedPosts implements PublishedPosts {
    private final Map<String, Row> rows = new HashMap<>();
    private final Map<String, AuthorRow> authors = new HashMap<>();

    @Override
    public synchronized long appliedVersion(String aggregateName, String aggregateId) {
        if (aggregateName.equals(Author.AUTHOR.name())) {
            AuthorRow author = authors.get(aggregateId);
            return author == null ? 0 : author.version();
        }
        Row row = rows.get(aggregateId);
        return row == null ? 0 : row.version();
    }

    @Override
    public synchronized void apply(AggregateEvent<?> event) {
        if (event.payload() instanceof Author.Event) {
            authors.put(
                    event.aggregateId(), AuthorRow.next(Optional.ofNullable(authors.get(event.aggregateId())), event));
            return;
        }
        rows.put(event.aggregateId(), Row.next(Optional.ofNullable(rows.get(event.aggregateId())), event));
    }

    @Override
    public synchronized void reset() {
        rows.clear();
        authors.clear();
    }

    @Override
    public synchronized Page published(int limit, Optional<Cursor> after) {
        PublishedPosts.requireLimit(limit);
        Comparator<Summary> order = Comparator.comparing(Summary::publishedAt)
                .thenComparing(Summary::id)
                .reversed();
        List<Summary> rest = rows.values().stream()
                .filter(Row::published)
                .map(row -> row.summary(authorName(row)))
                .filter(s -> after.map(c ->
                                order.compare(s, new Summary(c.id(), "", "", Optional.empty(), c.publishedAt(), 0)) > 0)
                        .orElse(true))
                .sorted(order)
                .limit(limit + 1L)
                .toList();
        List<Summary> page = rest.subList(0, Math.min(limit, rest.size()));
        return new Page(page, rest.size() > limit ? Optional.of(Cursor.after(page.getLast())) : Optional.empty());
    }

    private Optional<String> authorName(Row row) {
        return Optional.ofNullable(authors.get(row.authorId())).flatMap(AuthorRow::shown);
    }

    /** What this read model holds, as text: for a test that no copy of a forgotten author's data is left. */
    public synchronized String storedText() {
        return rows.values() + " " + authors.values();
    }
}
