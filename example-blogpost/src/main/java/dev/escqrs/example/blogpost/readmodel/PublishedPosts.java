package dev.escqrs.example.blogpost.readmodel;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read model behind {@code GET /posts?published=true}: a {@link Projection} of the blog posts' events, kept by a
 * {@code ProjectionRunner} (catch-up from the store, then the change feed) or by the Lambda handler. Two stores:
 * {@link InMemoryPublishedPosts} beside the in-memory event store, {@link DynamoDbPublishedPosts} in its own table.
 */
public interface PublishedPosts extends Projection {
    /** The name its checkpoint is saved under. */
    String NAME = "published-posts";

    /** One post as the list shows it. */
    record Summary(String id, String title, String authorId, Instant publishedAt, long version) {
    }

    /** Published posts, newest publication first. */
    List<Summary> published();

    /** One post as the read model keeps it, published or not, and the version of its last event applied. */
    record Row(String id, String title, String authorId, boolean published, Instant publishedAt, long version) {
        /** The row after {@code event}, which is the post's next event. */
        public static Row next(Optional<Row> current, AggregateEvent<?> event) {
            if (!(event.payload() instanceof BlogPostEvent payload)) {
                throw new IllegalArgumentException("not a blog post event: " + event.eventName());
            }
            long version = event.aggregateVersion();
            return switch (payload) {
                case BlogPostEvent.BlogPostCreated created ->
                        new Row(event.aggregateId(), created.title(), created.authorId(), false, null, version);
                case BlogPostEvent.BlogPostTitleChanged changed -> {
                    Row row = current.orElseThrow(() -> new IllegalStateException(event.aggregateId() + " has no row"));
                    yield new Row(row.id(), changed.title(), row.authorId(), row.published(), row.publishedAt(), version);
                }
                case BlogPostEvent.BlogPostPublished published -> {
                    Row row = current.orElseThrow(() -> new IllegalStateException(event.aggregateId() + " has no row"));
                    yield new Row(row.id(), row.title(), row.authorId(), true, event.occurredAt(), version);
                }
            };
        }

        Summary summary() {
            return new Summary(id, title, authorId, publishedAt, version);
        }
    }
}
