package dev.escqrs.example.blogpost.app;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.domain.ForbiddenException;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The blog post use cases, on the ports only: the same code runs on the in-memory store and on DynamoDB. */
public final class BlogPostService {
    private final CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts;
    private final EventStore store;
    private final ReadModel readModel;
    private final AggregateReader reader;
    private final ServiceMetrics metrics;
    private final CommandHandler<Author.Command, Author.Event, Author.Profile> authors;
    private final Workflows workflows;
    private final DataKeys keys;
    private final InProcessIndexer indexer;

    @Inject
    public BlogPostService(
            CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts,
            EventStore store,
            ReadModel readModel,
            AggregateReader reader,
            ServiceMetrics metrics,
            CommandHandler<Author.Command, Author.Event, Author.Profile> authors,
            Workflows workflows,
            DataKeys keys,
            InProcessIndexer indexer) {
        this.keys = keys;
        this.authors = authors;
        this.workflows = workflows;
        this.indexer = indexer;
        this.reader = reader;
        this.metrics = metrics;
        this.posts = posts;
        this.store = store;
        this.readModel = readModel;
    }

    /** The service's metrics, in Prometheus's text format. */
    public String metrics() {
        return metrics.scrape();
    }

    /**
     * How the service is: down when the store does not answer (one read of a post that does not exist, a
     * {@code GetItem} on DynamoDB) or the read model is failing and behind; degraded when the read model is behind
     * (building, healing, a backlog) or its last attempt failed, or the indexer run here is; else up.
     */
    public Health health() {
        Optional<InProcessIndexer.Report> indexed = indexer.report(Instant.now());
        try {
            reader.read(BlogPosts.BLOG_POST, "health-check");
            return new Health(true, readModel.status(), workflows.status(), indexed, Optional.empty());
        } catch (RuntimeException unreachable) {
            return new Health(false, readModel.status(), workflows.status(), indexed, Optional.of(unreachable));
        }
    }

    /**
     * An author: the profile they set (personal data, read with their key; erased once they are forgotten) and how
     * many of their posts are published, as the author-stats reaction counts them.
     */
    public Optional<Aggregate<Author.Profile>> author(String authorId) {
        return authors.read(authorId);
    }

    /**
     * Sets the profile of author {@code authorId}, who must be the actor: an author sets their own, and no one else's.
     * The first profile creates the author when no post of theirs was published yet. A repeat of the key gets the
     * first outcome; the same profile again writes nothing.
     *
     * @throws ForbiddenException the actor is not the author
     */
    public CommandResult<Author.Event, Author.Profile> setProfile(
            String authorId, String actorId, String name, String email, Optional<String> idempotencyKey) {
        if (!authorId.equals(actorId)) {
            throw new ForbiddenException("only the author may set their profile");
        }
        return authors.handle(keyed(
                CommandRequest.createOrUpdate(authorId, actorId, (Author.Command) new Author.SetProfile(name, email)),
                idempotencyKey));
    }

    public Aggregate<BlogPost> create(String actorId, String title) {
        return create(actorId, title, Optional.empty()).aggregate();
    }

    public Aggregate<BlogPost> changeTitle(String id, String actorId, String title, long expectedVersion) {
        return changeTitle(id, actorId, title, expectedVersion, Optional.empty())
                .aggregate();
    }

    public Aggregate<BlogPost> publish(String id, String actorId, long expectedVersion) {
        return publish(id, actorId, expectedVersion, Optional.empty()).aggregate();
    }

    /**
     * Creates a post; with an idempotency key, a repeat by the same actor is answered with the first outcome
     * ({@link CommandResult#replayed()}) and creates nothing: the post's id is derived from the actor and key.
     */
    public CommandResult<BlogPostEvent, BlogPost> create(
            String actorId, String title, Optional<String> idempotencyKey) {
        return posts.handle(keyed(
                CommandRequest.create(actorId, (BlogPostCommand) new BlogPostCommand.CreateBlogPost(title, actorId)),
                idempotencyKey));
    }

    /** Changes a post's title, if it is at {@code expectedVersion}; a repeat of the key gets the first outcome. */
    public CommandResult<BlogPostEvent, BlogPost> changeTitle(
            String id, String actorId, String title, long expectedVersion, Optional<String> idempotencyKey) {
        return posts.handle(keyed(
                CommandRequest.update(id, actorId, (BlogPostCommand) new BlogPostCommand.ChangeTitle(title, actorId))
                        .expectingVersion(expectedVersion),
                idempotencyKey));
    }

    /** Publishes a post, if it is at {@code expectedVersion}; a repeat of the key gets the first outcome. */
    public CommandResult<BlogPostEvent, BlogPost> publish(
            String id, String actorId, long expectedVersion, Optional<String> idempotencyKey) {
        return posts.handle(keyed(
                CommandRequest.update(id, actorId, (BlogPostCommand) new BlogPostCommand.PublishBlogPost(actorId))
                        .expectingVersion(expectedVersion),
                idempotencyKey));
    }

    /**
     * Forgets author {@code authorId}, at operator {@code operatorId}'s request: first deletes the author's key, so
     * that their personal data reads as erased wherever it is stored (events, rows, backups of them, the Stream), in
     * this process at once and in the others within their key cache's time to live; then appends
     * {@link Author.AuthorForgotten}, which tells every read model, in this process or another (a replica, a Lambda),
     * to drop what it copied. In that order, so that when a read model meets the event the key is gone already, and a
     * rebuild copies nothing back. Repeating it is harmless: the key stays deleted and no second event is appended
     * (so a retry after a failed append completes it). An id that never had data is forgotten too, and no key will be
     * made for it.
     */
    public CommandResult<Author.Event, Author.Profile> forget(String authorId, String operatorId) {
        keys.forget(authorId);
        return authors.handle(
                CommandRequest.createOrUpdate(authorId, operatorId, (Author.Command) new Author.Forget()));
    }

    private static <C> CommandRequest<C> keyed(CommandRequest<C> request, Optional<String> idempotencyKey) {
        return idempotencyKey.map(request::withIdempotencyKey).orElse(request);
    }

    /** The post as it stands: its row, or a fold of its events when the row cannot serve (an older state shape). */
    public Optional<Aggregate<BlogPost>> find(String id) {
        return posts.read(id);
    }

    /** Rewrites the post's row from its events (see {@code CommandHandler.repair}). */
    public Aggregate<BlogPost> repair(String id) {
        return posts.repair(id);
    }

    /** The post's events in version order; empty when there is no such post. */
    public List<AggregateEvent<BlogPostEvent>> events(String id) {
        try (Stream<AggregateEvent<BlogPostEvent>> events = store.events(BlogPosts.BLOG_POST, id)) {
            return events.toList();
        }
    }

    /**
     * A page of published posts (see {@link PublishedPosts#published}); with {@code waitFor}, only once the read model
     * holds that post at that version (read-your-writes).
     *
     * @throws ReadModelBehindException the read model did not get there within {@link ReadModel#MAX_WAIT}
     */
    public PublishedPosts.Page published(int limit, Optional<PublishedPosts.Cursor> after, Optional<Written> waitFor)
            throws InterruptedException {
        if (waitFor.isPresent()
                && !readModel.awaitApplied(waitFor.get().id(), waitFor.get().version())) {
            throw new ReadModelBehindException(waitFor.get());
        }
        return readModel.published().published(limit, after);
    }

    /** A write a reader wants to see: a post at a version. */
    public record Written(String id, long version) {}

    /** The read model has not applied a write the reader waits for. */
    public static final class ReadModelBehindException extends RuntimeException {
        public ReadModelBehindException(Written written) {
            super("the list has not caught up with post %s version %d within %d s; try again"
                    .formatted(written.id(), written.version(), ReadModel.MAX_WAIT.toSeconds()));
        }
    }
}
