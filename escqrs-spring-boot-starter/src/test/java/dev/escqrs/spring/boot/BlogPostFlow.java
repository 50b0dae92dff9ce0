package dev.escqrs.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import java.time.Duration;
import java.util.Optional;

/** Create, retitle and publish a post through the starter's handlers; the read model's runner shows it. */
final class BlogPostFlow {
    private BlogPostFlow() {}

    static void run(CommandHandlers handlers, EscqrsProjections projections, InMemoryPublishedPosts model)
            throws InterruptedException {
        CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts = handlers.get(BlogPosts.BLOG_POST);
        String id = posts.handle(CommandRequest.create(
                        "alice", (BlogPostCommand) new BlogPostCommand.CreateBlogPost("Hello, Spring", "alice")))
                .aggregate()
                .id();
        posts.update(id, "alice", new BlogPostCommand.ChangeTitle("Hello, Boot", "alice"), 1);
        posts.update(id, "alice", new BlogPostCommand.PublishBlogPost("alice"), 2);

        assertThat(projections
                        .running(PublishedPosts.NAME)
                        .orElseThrow()
                        .awaitApplied(BlogPosts.BLOG_POST, id, 3, Duration.ofSeconds(30)))
                .as("the read model's runner, started with the context, applied the publication")
                .isTrue();
        assertThat(model.published(PublishedPosts.MAX_PAGE, Optional.empty()).posts())
                .singleElement()
                .satisfies(post -> {
                    assertThat(post.id()).isEqualTo(id);
                    assertThat(post.title()).isEqualTo("Hello, Boot");
                    assertThat(post.version()).isEqualTo(3);
                });
    }
}
