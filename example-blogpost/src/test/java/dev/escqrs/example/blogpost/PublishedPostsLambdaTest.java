package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.lambda.PublishedPostsLambda;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.inmemory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/** The example's Lambda handler, on stream events loaded as AWS's own tests load them. */
class PublishedPostsLambdaTest {
    private static final TableNames TABLES = TableNames.withPrefix("blog-");
    private final JsonCodec codec = BlogPosts.codec(DataKeys.inMemory());
    private final InMemoryEventStore store = new InMemoryEventStore(codec);
    private final PublishedPosts model = new InMemoryPublishedPosts();
    private final PublishedPostsLambda lambda =
            new PublishedPostsLambda(TABLES, codec, store, model, dev.escqrs.core.projection.Parking.inMemory());

    private static boolean noFailures(StreamsEventResponse response) {
        return response.getBatchItemFailures().isEmpty();
    }

    @Test
    void a_stream_event_updates_the_read_model_and_a_redelivery_changes_nothing() {
        assertThat(noFailures(lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/published-post.json"), null)))
                .isTrue();
        assertThat(noFailures(lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/published-post.json"), null)))
                .isTrue();

        assertThat(lambda.counts().applied())
                .as("the second delivery applied nothing")
                .isEqualTo(3);
        assertThat(model.published(PublishedPosts.MAX_PAGE, java.util.Optional.empty())
                        .posts())
                .singleElement()
                .satisfies(post -> {
                    assertThat(post.id()).isEqualTo("p1");
                    assertThat(post.title()).isEqualTo("Hello, Lambda");
                    assertThat(post.version()).isEqualTo(3);
                });
    }

    @Test
    void another_aggregate_types_record_is_passed_over_neither_applied_nor_a_bad_record() {
        var response = lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/with-a-comment.json"), null);

        assertThat(noFailures(response)).isTrue();
        assertThat(lambda.counts().skipped()).isZero();
        assertThat(model.appliedVersion("BlogPost", "p1")).isEqualTo(1);
    }

    @Test
    void a_version_whose_predecessors_never_arrived_is_preceded_by_them_from_the_events_table() {
        var posts = CommandHandler.builder(BlogPosts.BLOG_POST, new BlogPostDecider())
                .store(store, store)
                .build();
        posts.handle(CommandRequest.createWithId("p1", "alice", new BlogPostCommand.CreateBlogPost("Hello", "alice")));
        posts.update("p1", "alice", new BlogPostCommand.ChangeTitle("Hello, gaps", "alice"), 1);
        posts.update("p1", "alice", new BlogPostCommand.PublishBlogPost("alice"), 2);

        var response = lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/only-the-publication.json"), null);

        assertThat(noFailures(response)).isTrue();
        assertThat(lambda.counts().applied()).isEqualTo(3);
        assertThat(model.published(PublishedPosts.MAX_PAGE, java.util.Optional.empty())
                        .posts())
                .singleElement()
                .satisfies(post -> assertThat(post.title()).isEqualTo("Hello, gaps"));
    }
}
