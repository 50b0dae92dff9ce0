package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the example's DynamoDB read model costs, counted on the wire (docs/dynamodb.md quotes it): one {@code UpdateItem}
 * per event applied, one {@code GetItem} per post the projector first meets, nothing for a repeat, one {@code Query}
 * per page of the list and one {@code BatchGetItem} of the names of the page's authors.
 */
class PublishedPostsCostTest {
    private final RequestCounter counter = new RequestCounter();
    private final DynamoDbClient client =
            DynamoDbTestServer.get().client(b -> b.overrideConfiguration(c -> c.addExecutionInterceptor(counter)));
    private final String table = DynamoDbTestServer.get().tablePrefix(getClass()) + DynamoDbPublishedPosts.TABLE_SUFFIX;

    @AfterEach
    void close() {
        client.deleteTable(b -> b.tableName(table));
        client.close();
    }

    @Test
    void one_update_per_event_one_read_per_post_and_nothing_for_a_repeat() {
        InMemoryEventStore store = new InMemoryEventStore(JsonCodec.of(BlogPosts.BLOG_POST));
        var posts = CommandHandler.builder(BlogPosts.BLOG_POST, new BlogPostDecider())
                .store(store, store)
                .build();
        for (int i = 0; i < 10; i++) {
            String id = "p" + i;
            posts.handle(
                    CommandRequest.createWithId(id, "alice", new BlogPostCommand.CreateBlogPost("Post " + i, "alice")));
            posts.update(id, "alice", new BlogPostCommand.ChangeTitle("Post " + i + ", again", "alice"), 1);
            posts.update(id, "alice", new BlogPostCommand.PublishBlogPost("alice"), 2);
        }
        List<AggregateEvent<Object>> events = new ArrayList<>();
        try (Stream<AggregateEvent<Object>> all = store.allEvents(java.util.Set.of(BlogPosts.BLOG_POST.name()), 0, 1)) {
            all.forEach(events::add);
        }
        DynamoDbPublishedPosts.createTable(client, table);
        DynamoDbPublishedPosts model = new DynamoDbPublishedPosts(client, table);
        Projector projector = new Projector(model, store, List.of(BlogPosts.BLOG_POST));
        counter.reset();

        projector.apply(events);
        var applying = counter.counts();
        counter.reset();
        projector.apply(events);
        var repeating = counter.counts();
        counter.reset();
        PublishedPosts.Page first = model.published(4, Optional.empty());
        var listing = counter.counts();

        assertThat(applying)
                .as("30 events of 10 posts")
                .containsEntry("UpdateItem", 30L)
                .containsEntry("GetItem", 10L)
                .hasSize(2);
        assertThat(repeating).as("a redelivered batch").isEmpty();
        assertThat(listing)
                .as("the page, and its author's name")
                .containsEntry("Query", 1L)
                .containsEntry("BatchGetItem", 1L)
                .hasSize(2);
        assertThat(first.posts()).hasSize(4);
        assertThat(first.next()).isPresent();
    }
}
