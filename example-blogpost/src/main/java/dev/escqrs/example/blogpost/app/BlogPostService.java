package dev.escqrs.example.blogpost.app;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The blog post use cases, on the ports only: the same code runs on the in-memory store and on DynamoDB. */
public final class BlogPostService {
    private final CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts;
    private final EventStore store;
    private final PublishedPosts published;
    private final AggregateReader reader;
    private final ServiceMetrics metrics;

    @Inject
    public BlogPostService(CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts, EventStore store,
                           PublishedPosts published, AggregateReader reader, ServiceMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
        this.posts = posts;
        this.store = store;
        this.published = published;
    }

    /** The service's metrics, in Prometheus's text format. */
    public String metrics() {
        return metrics.scrape();
    }

    /** Whether the store answers: one read of a post that does not exist (a {@code GetItem} on DynamoDB). */
    public boolean healthy() {
        try {
            reader.read(BlogPosts.BLOG_POST, "health-check");
            return true;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    public Aggregate<BlogPost> create(String actorId, String title) {
        return posts.handle(CommandRequest.create(actorId, new BlogPostCommand.CreateBlogPost(title, actorId))).aggregate();
    }

    public Aggregate<BlogPost> changeTitle(String id, String actorId, String title, long expectedVersion) {
        return posts.update(id, actorId, new BlogPostCommand.ChangeTitle(title, actorId), expectedVersion).aggregate();
    }

    public Aggregate<BlogPost> publish(String id, String actorId, long expectedVersion) {
        CommandResult<BlogPost, BlogPostEvent> result =
                posts.update(id, actorId, new BlogPostCommand.PublishBlogPost(actorId), expectedVersion);
        return result.aggregate();
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

    public List<PublishedPosts.Summary> published() {
        return published.published();
    }
}
