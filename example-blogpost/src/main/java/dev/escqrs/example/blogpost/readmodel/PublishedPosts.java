package dev.escqrs.example.blogpost.readmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.privacy.PersonalData;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The read model behind {@code GET /posts?published=true}: a {@link Projection} of the blog posts' events and the
 * authors' ({@link #aggregates()}), kept by a {@code ProjectionRunner} (catch-up from the store, then the change feed)
 * or by the Lambda handler. Two stores: {@link InMemoryPublishedPosts} beside the in-memory event store (rebuilt at
 * every start), and {@link DynamoDbPublishedPosts} in its own table, with its checkpoint in that table (a restart
 * resumes there).
 *
 * <p>Each post is listed with its author's name. The name is personal data, and this read model keeps a copy of it,
 * in plain text, one per author ({@link AuthorRow}), joined to the posts as a page is read: when the author is
 * forgotten ({@link Author.AuthorForgotten}), the copy is dropped, and the list shows {@link PersonalData#ERASED}. It
 * copies the name only, not the email: what a read model does not hold, it need not drop.
 */
public interface PublishedPosts extends Projection {
    /** The name its checkpoint is saved under. */
    String NAME = "published-posts";
    /** Posts per page when the client does not say. */
    int DEFAULT_PAGE = 20;
    /** The most posts one page holds. */
    int MAX_PAGE = 100;

    /** The aggregate types it follows: the posts, and the authors for their names. */
    static AggregateType<?, ?>[] aggregates() {
        return new AggregateType<?, ?>[] {BlogPosts.BLOG_POST, Author.AUTHOR};
    }

    /**
     * One post as the list shows it, with its author's name when the author set a profile ({@link PersonalData#ERASED}
     * once forgotten).
     */
    record Summary(
            String id,
            String title,
            String authorId,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> authorName,
            Instant publishedAt,
            long version) {}

    /** One page of the list, and the cursor of the next one (empty on the last page). */
    record Page(List<Summary> posts, Optional<Cursor> next) {}

    /**
     * Where a page ends: the publication time and id of its last post. Clients see it only as an opaque token
     * ({@link #token()}), which {@link #parse} reads back.
     */
    record Cursor(Instant publishedAt, String id) {
        private static final DateTimeFormatter SORTABLE =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        /** The publication time as the DynamoDB index sorts it (fixed width; Instant.toString drops zero fractions). */
        public static String sortable(Instant at) {
            return SORTABLE.format(at);
        }

        static Cursor after(Summary last) {
            return new Cursor(last.publishedAt(), last.id());
        }

        public String token() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((sortable(publishedAt) + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException {@code token} is not a cursor this service gave out */
        public static Cursor parse(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                if (bar < 0 || bar == text.length() - 1) {
                    throw new IllegalArgumentException("not a cursor");
                }
                return new Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("the cursor '%s' is not one this service gave; use the Link "
                                .formatted(token.length() > 80 ? token.substring(0, 80) + "..." : token)
                        + "header of the previous page, or leave the cursor out for the first page");
            }
        }
    }

    /**
     * Published posts, newest publication first (ties: the greater id first): at most {@code limit} (1 to {@value #MAX_PAGE}) after
     * {@code after}, or from the newest.
     */
    Page published(int limit, Optional<Cursor> after);

    /** Checks a page size. */
    static int requireLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be from 1 to %d, got %d".formatted(MAX_PAGE, limit));
        }
        return limit;
    }

    /**
     * One author as the read model keeps them: the copy of their name (empty until they set a profile, and once they
     * were forgotten), and the version of their last event applied.
     */
    record AuthorRow(String id, Optional<String> name, boolean forgotten, long version) {
        /** The row after {@code event}, which is the author's next event. */
        public static AuthorRow next(Optional<AuthorRow> current, AggregateEvent<?> event) {
            if (!(event.payload() instanceof Author.Event payload)) {
                throw new IllegalArgumentException("not an author event: " + event.eventName());
            }
            AuthorRow row = current.orElse(new AuthorRow(event.aggregateId(), Optional.empty(), false, 0));
            return switch (payload) {
                case Author.AuthorProfileSet set ->
                    new AuthorRow(row.id(), Optional.of(set.name()), row.forgotten(), event.aggregateVersion());
                case Author.PublishedPostCounted counted ->
                    new AuthorRow(row.id(), row.name(), row.forgotten(), event.aggregateVersion());
                case Author.AuthorForgotten forgotten ->
                    new AuthorRow(row.id(), Optional.empty(), true, event.aggregateVersion());
            };
        }

        /** The name as the list shows it: {@link PersonalData#ERASED} for a forgotten author. */
        public Optional<String> shown() {
            return forgotten ? Optional.of(PersonalData.ERASED) : name;
        }
    }

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
                    yield new Row(
                            row.id(), changed.title(), row.authorId(), row.published(), row.publishedAt(), version);
                }
                case BlogPostEvent.BlogPostPublished published -> {
                    Row row = current.orElseThrow(() -> new IllegalStateException(event.aggregateId() + " has no row"));
                    yield new Row(row.id(), row.title(), row.authorId(), true, event.occurredAt(), version);
                }
            };
        }

        Summary summary(Optional<String> authorName) {
            return new Summary(id, title, authorId, authorName, publishedAt, version);
        }
    }
}
