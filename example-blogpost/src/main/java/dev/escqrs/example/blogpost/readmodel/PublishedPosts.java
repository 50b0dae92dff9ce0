package dev.escqrs.example.blogpost.readmodel;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read model of published posts, fed by the change feed (or a Lambda on the DynamoDB stream). It keeps the last
 * version it applied per post, so an event delivered again, or late, is a no-op: the feed delivers at least once.
 */
public final class PublishedPosts {
    /** One post as the list shows it. */
    public record Summary(String id, String title, String authorId, Instant publishedAt, long version) {
    }

    private record Draft(String title, String authorId, boolean published, Instant publishedAt, long version) {
    }

    private final Map<String, Draft> posts = new HashMap<>();

    /** Applies events of any aggregate; those of other aggregate types are ignored. */
    public synchronized void apply(List<? extends AggregateEvent<?>> events) {
        for (AggregateEvent<?> event : events) {
            if (!event.aggregateName().equals(BlogPosts.BLOG_POST.name())
                    || !(event.payload() instanceof BlogPostEvent payload)) {
                continue;
            }
            Draft draft = posts.get(event.aggregateId());
            long last = draft == null ? 0 : draft.version();
            if (event.aggregateVersion() != last + 1) {
                continue; // a repeat (already applied) or, when the feed resumes mid-history, ahead of what we hold
            }
            posts.put(event.aggregateId(), switch (payload) {
                case BlogPostEvent.BlogPostCreated created ->
                        new Draft(created.title(), created.authorId(), false, null, event.aggregateVersion());
                case BlogPostEvent.BlogPostTitleChanged changed ->
                        new Draft(changed.title(), draft.authorId(), draft.published(), draft.publishedAt(), event.aggregateVersion());
                case BlogPostEvent.BlogPostPublished published ->
                        new Draft(draft.title(), draft.authorId(), true, event.occurredAt(), event.aggregateVersion());
            });
        }
    }

    /** Published posts, newest publication first. */
    public synchronized List<Summary> published() {
        return posts.entrySet().stream()
                .filter(e -> e.getValue().published())
                .map(e -> new Summary(e.getKey(), e.getValue().title(), e.getValue().authorId(),
                        e.getValue().publishedAt(), e.getValue().version()))
                .sorted(Comparator.comparing(Summary::publishedAt).reversed().thenComparing(Summary::id))
                .toList();
    }
}
