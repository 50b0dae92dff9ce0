package dev.escqrs.example.blogpost;

import dev.escqrs.example.blogpost.domain.AlreadyPublishedException;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostCommand.ChangeTitle;
import dev.escqrs.example.blogpost.domain.BlogPostCommand.CreateBlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand.PublishBlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostCreated;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostPublished;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostTitleChanged;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.domain.InvalidTitleException;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.store.StoreFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blog post's rules as given/when/then, each scenario run three times: on the decider alone, on the in-memory
 * store, and on DynamoDB (moto).
 */
class BlogPostDeciderTest {
    static Stream<Scenario<BlogPostCommand, BlogPostEvent, BlogPost>> scenarios() {
        return Stream.concat(
                Stream.of(Scenario.pure(BlogPosts.BLOG_POST, new BlogPostDecider())),
                Stores.all().map(BlogPostDeciderTest::onStore));
    }

    private static Scenario<BlogPostCommand, BlogPostEvent, BlogPost> onStore(StoreFixture store) {
        return Scenario.onStore(BlogPosts.BLOG_POST, new BlogPostDecider(), store);
    }

    private static final BlogPostCreated CREATED = new BlogPostCreated("Hello", "alice");

    @Nested
    class Create {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void creates_a_draft_with_the_trimmed_title(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.when(new CreateBlogPost("  Hello  ", "alice"))
                    .then(CREATED)
                    .thenState(post -> assertThat(post).isEqualTo(new BlogPost("Hello", "alice", false)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuses_a_blank_title(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.when(new CreateBlogPost("   ", "alice")).thenThrows(InvalidTitleException.class, "blank");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuses_a_title_over_200_characters_and_accepts_200(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.when(new CreateBlogPost("x".repeat(201), "alice"))
                    .thenThrows(InvalidTitleException.class, "201 characters long; at most 200");
            scenario.when(new CreateBlogPost(" " + "x".repeat(200) + " ", "alice"))
                    .then(new BlogPostCreated("x".repeat(200), "alice"));
        }
    }

    @Nested
    class ChangeTitleRules {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void changes_the_title(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED).when(new ChangeTitle("World")).idempotent().then(new BlogPostTitleChanged("World"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void the_same_title_is_a_no_op(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED).when(new ChangeTitle(" Hello ")).thenNothing();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuses_a_missing_title(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED).when(new ChangeTitle(null)).thenThrows(InvalidTitleException.class, "required");
        }
    }

    @Nested
    class Publish {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void publishes_a_draft(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED, new BlogPostTitleChanged("World")).when(new PublishBlogPost())
                    .then(new BlogPostPublished())
                    .thenState(post -> assertThat(post.published()).isTrue());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuses_to_publish_twice(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED, new BlogPostPublished()).when(new PublishBlogPost())
                    .thenThrows(AlreadyPublishedException.class, "already published");
        }
    }
}
