package dev.escqrs.example.blogpost.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;

/**
 * The application's wiring. It knows only the ports: install {@code InMemoryModule} or {@code DynamoDbModule} beside
 * it to choose the store, a binding of the {@code PublishedPosts} read model that lives beside that store, the
 * {@link DataKeys} the authors' personal data is encrypted with (in memory, or in DynamoDB wrapped by KMS), and the
 * {@link Replica} (whether the durable runners share their work with other replicas through leases).
 */
public final class BlogPostModule extends AbstractModule {
    private final ServiceMetrics metrics;

    /** With metrics of its own (tests, the demo). */
    public BlogPostModule() {
        this(new ServiceMetrics());
    }

    /** With {@code metrics}, which the store module also reports to (its DynamoDB requests). */
    public BlogPostModule(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void configure() {
        bind(BlogPostService.class).in(Singleton.class);
        bind(ReadModel.class).in(Singleton.class);
        bind(Workflows.class).in(Singleton.class);
        bind(ServiceMetrics.class).toInstance(metrics);
    }

    /** The one codec of the process: the store, the change feed and the runners all encrypt and decrypt with it. */
    @Provides
    @Singleton
    JsonCodec codec(DataKeys keys) {
        return BlogPosts.codec(keys);
    }

    @Provides
    @Singleton
    CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> handler(EventStore store, AggregateReader reader) {
        return CommandHandler.builder(BlogPosts.BLOG_POST, new BlogPostDecider())
                .store(store, reader)
                .observer(metrics)
                .build();
    }

    @Provides
    @Singleton
    CommandHandler<Author.Command, Author.Event, Author.Profile> authors(EventStore store, AggregateReader reader) {
        return CommandHandler.builder(Author.AUTHOR, Author.DECIDER)
                .store(store, reader)
                .observer(metrics)
                .build();
    }

    /** The author-stats reaction's reactor; its ledger lives beside the store (bound by the store's module). */
    @Provides
    @Singleton
    Reactor authorStats(CommandHandler<Author.Command, Author.Event, Author.Profile> authors, ReactionLedger ledger) {
        return AuthorStats.reactor(authors, ledger, metrics);
    }

    /**
     * The published-posts read model's runner: catch-up from the store, then the change feed. Its checkpoint lives
     * where the read model lives: in its DynamoDB table, or (in memory) nowhere beyond the process, which rebuilds it.
     * On DynamoDB it runs under the {@link Replica}'s lease: one replica of several keeps the table.
     */
    @Provides
    @Singleton
    ProjectionRunner publishedPostsRunner(
            PublishedPosts published, EventStore store, ChangeFeed feed, Parking parking, Replica replica) {
        // a post whose event cannot be applied is parked (the console and the CLI show it); every other post goes on
        ProjectionSpec spec = ProjectionSpec.builder(PublishedPosts.NAME, published)
                .aggregates(PublishedPosts.aggregates())
                .store(store)
                .observer(metrics)
                .badRecords(BadRecords.PARK)
                .parking(parking)
                .build();
        return replica.lease(ProjectionRunner.builder(spec).feed(feed).pollInterval(java.time.Duration.ofMillis(200)))
                .build();
    }
}
