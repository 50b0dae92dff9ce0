package dev.escqrs.example.blogpost;

import static dev.escqrs.core.privacy.PersonalData.ERASED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The published-posts read model on both of its stores: each post is listed with its author's name, a copy the read
 * model keeps once per author and drops when the author is forgotten, so that nothing it holds, also after a rebuild,
 * still contains the name.
 */
class PublishedPostsTest {
    private final DataKeys keys = DataKeys.inMemory();
    private final JsonCodec codec = BlogPosts.codec(keys);
    private final InMemoryEventStore store = new InMemoryEventStore(codec);
    private final CommandHandler<BlogPostCommand, ?, ?> posts = CommandHandler.builder(
                    BlogPosts.BLOG_POST, new BlogPostDecider())
            .store(store, store)
            .build();
    private final CommandHandler<Author.Command, Author.Event, Author.Profile> authors = CommandHandler.builder(
                    Author.AUTHOR, Author.DECIDER)
            .store(store, store)
            .build();

    /** A read model on {@code kind}, and what it holds read raw (every item of its table, or its maps). */
    private record Model(PublishedPosts posts, Supplier<String> stored) {}

    private static Model model(String kind) {
        if (kind.equals("memory")) {
            InMemoryPublishedPosts memory = new InMemoryPublishedPosts();
            return new Model(memory, memory::storedText);
        }
        DynamoDbClient client = Stores.dynamoDb();
        String table =
                DynamoDbTestServer.get().tablePrefix(PublishedPostsTest.class) + DynamoDbPublishedPosts.TABLE_SUFFIX;
        DynamoDbPublishedPosts.createTable(client, table);
        return new Model(
                new DynamoDbPublishedPosts(client, table),
                () -> client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
                        .map(Object::toString)
                        .collect(Collectors.joining("\n")));
    }

    private void published(String id, String author) {
        posts.handle(CommandRequest.createWithId(id, author, new BlogPostCommand.CreateBlogPost("Post " + id, author)));
        posts.update(id, author, new BlogPostCommand.PublishBlogPost(author), 1);
    }

    private void profile(String author, String name) {
        authors.handle(
                CommandRequest.createOrUpdate(author, author, new Author.SetProfile(name, author + "@example.com")));
    }

    private List<AggregateEvent<Object>> everyEvent() {
        try (Stream<AggregateEvent<Object>> all =
                store.allEvents(Set.of(BlogPosts.ALL_NAMES.toArray(String[]::new)), 0, 1)) {
            return new ArrayList<>(all.toList());
        }
    }

    private static List<String> listed(PublishedPosts model) {
        return model.published(PublishedPosts.MAX_PAGE, Optional.empty()).posts().stream()
                .map(post -> post.id() + " by " + post.authorName().orElse("(no name)"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void lists_each_post_with_its_authors_name_and_drops_the_copy_when_the_author_is_forgotten(String kind) {
        Model model = model(kind);
        Projector projector =
                new Projector(model.posts(), store, Arrays.<AggregateType<?, ?>>asList(PublishedPosts.aggregates()));
        published("p1", "alice");
        profile("alice", "Alice Example");
        published("p2", "bob");
        profile("bob", "Bob Example");
        published("p3", "carol");
        projector.apply(everyEvent());
        assertThat(listed(model.posts()))
                .containsExactlyInAnyOrder("p1 by Alice Example", "p2 by Bob Example", "p3 by (no name)");
        assertThat(model.stored().get()).as("one copy of each name").containsOnlyOnce("Alice Example");

        keys.forget("alice");
        authors.handle(CommandRequest.createOrUpdate("alice", "olivia", new Author.Forget()));
        projector.apply(everyEvent());

        assertThat(listed(model.posts()))
                .containsExactlyInAnyOrder("p1 by " + ERASED, "p2 by Bob Example", "p3 by (no name)");
        assertThat(model.stored().get()).doesNotContain("Alice Example").contains("Bob Example");

        model.posts().reset();
        new Projector(model.posts(), store, Arrays.<AggregateType<?, ?>>asList(PublishedPosts.aggregates()))
                .apply(everyEvent());
        assertThat(listed(model.posts()))
                .as("rebuilt after the forget")
                .containsExactlyInAnyOrder("p1 by " + ERASED, "p2 by Bob Example", "p3 by (no name)");
        assertThat(model.stored().get()).doesNotContain("Alice Example");
    }
}
