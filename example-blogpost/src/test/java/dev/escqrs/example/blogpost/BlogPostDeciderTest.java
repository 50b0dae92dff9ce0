package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.escqrs.example.blogpost.domain.ForbiddenException;
import dev.escqrs.example.blogpost.domain.InvalidTitleException;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.store.StoreFixture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        void refuses_a_title_over_200_characters_and_accepts_200(
                Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
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
            scenario.given(CREATED)
                    .when(new ChangeTitle("World", "alice"))
                    .idempotent()
                    .then(new BlogPostTitleChanged("World"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void the_same_title_is_a_no_op(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED).when(new ChangeTitle(" Hello ", "alice")).thenNothing();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuses_a_missing_title(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED)
                    .when(new ChangeTitle(null, "alice"))
                    .thenThrows(InvalidTitleException.class, "required");
        }
    }

    @Nested
    class Publish {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void publishes_a_draft(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED, new BlogPostTitleChanged("World"))
                    .when(new PublishBlogPost("alice"))
                    .then(new BlogPostPublished())
                    .thenState(post -> assertThat(post.published()).isTrue());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuses_to_publish_twice(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED, new BlogPostPublished())
                    .when(new PublishBlogPost("alice"))
                    .thenThrows(AlreadyPublishedException.class, "already published");
        }
    }

    @Nested
    class Authorisation {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void only_the_author_may_retitle(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED)
                    .when(new ChangeTitle("Mine now", "eve"))
                    .thenThrows(ForbiddenException.class, "only the post's author may retitle it");
            // refused before the title is looked at: a stranger learns nothing about the rules
            scenario.given(CREATED).when(new ChangeTitle("\u0000", "eve")).thenThrows(ForbiddenException.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void only_the_author_may_publish(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.given(CREATED)
                    .when(new PublishBlogPost("eve"))
                    .thenThrows(ForbiddenException.class, "only the post's author may publish it");
            scenario.given(CREATED).when(new PublishBlogPost("alice")).then(new BlogPostPublished());
        }
    }

    @Nested
    class Titles {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void are_stored_nfc_normalised(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            // "Café" with a combining acute accent is stored with the precomposed é
            scenario.when(new CreateBlogPost("Cafe\u0301", "alice")).then(new BlogPostCreated("Caf\u00e9", "alice"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuse_control_and_format_characters(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            for (String bad : new String[] {
                "a\u0000b",
                "red \u001b[31m",
                "tab\there",
                "evil\u202Etxt.exe",
                "\u200B\u200B",
                "\u200D",
                "soft\u00ADhyphen",
                "\uFEFFbom"
            }) {
                scenario.when(new CreateBlogPost(bad, "alice"))
                        .thenThrows(InvalidTitleException.class, "titles hold printable text only");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void refuse_text_that_is_not_valid_unicode(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            scenario.when(new CreateBlogPost("half \uD83D emoji", "alice"))
                    .thenThrows(InvalidTitleException.class, "not valid Unicode (a lone surrogate at index 5)");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.BlogPostDeciderTest#scenarios")
        void count_user_perceived_characters(Scenario<BlogPostCommand, BlogPostEvent, BlogPost> scenario) {
            String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // one grapheme, 8 UTF-16 units
            scenario.when(new CreateBlogPost("\uD83D\uDE00".repeat(200), "alice"))
                    .then(new BlogPostCreated("\uD83D\uDE00".repeat(200), "alice"));
            scenario.when(new CreateBlogPost("\uD83D\uDE00".repeat(201), "alice"))
                    .thenThrows(InvalidTitleException.class, "201 characters long; at most 200");
            scenario.when(new CreateBlogPost(family.repeat(200), "alice"))
                    .then(new BlogPostCreated(family.repeat(200), "alice"));
        }
    }
}
