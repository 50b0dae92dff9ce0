package dev.escqrs.example.blogpost;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.dynamodb.LambdaStreamEventDecoder;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.lambda.PublishedPostsStreamHandler;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection as Lambda runs it: a DynamoDB stream event in the JSON shape Lambda delivers. */
class PublishedPostsStreamHandlerTest {
    private static final TableNames TABLES = TableNames.withPrefix("blog-");

    private static String record(String eventId, String sequence, long version, String name, String payload) {
        return """
                {"eventID": "%s", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
                 "awsRegion": "eu-central-1",
                 "dynamodb": {"ApproximateCreationDateTime": 1767225600,
                              "Keys": {"streamId": {"S": "BlogPost#p1"}, "aggregateVersion": {"N": "%d"}},
                              "NewImage": {"streamId": {"S": "BlogPost#p1"}, "aggregateVersion": {"N": "%d"},
                                           "eventId": {"S": "%s"}, "eventName": {"S": "%s"},
                                           "aggregateName": {"S": "BlogPost"}, "aggregateId": {"S": "p1"},
                                           "actorId": {"S": "alice"}, "eventTs": {"S": "2026-01-01T00:00:00Z"},
                                           "schemaVersion": {"N": "1"}, "payload": {"M": %s}},
                              "SequenceNumber": "%s", "SizeBytes": 321, "StreamViewType": "NEW_IMAGE"},
                 "eventSourceARN": "arn:aws:dynamodb:eu-central-1:123456789012:table/blog-events/stream/2026-01-01T00:00:00.000"}
                """.formatted(sequence, version, version, eventId, name, payload, sequence);
    }

    private static final JsonCodec CODEC = JsonCodec.create(BlogPosts.EVENTS);

    private static String created() {
        return "{\"title\": {\"S\": \"Hello\"}, \"authorId\": {\"S\": \"alice\"}}";
    }

    private static String handle(PublishedPostsStreamHandler handler, String... records) throws Exception {
        String json = "{\"Records\": [" + String.join(",", records) + "]}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static PublishedPostsStreamHandler handler(PublishedPosts model, InMemoryEventStore store) {
        return new PublishedPostsStreamHandler(LambdaStreamEventDecoder.skipping(CODEC, TABLES),
                new Projector(model, store, List.of(BlogPosts.BLOG_POST)));
    }

    @Test
    void a_stream_event_updates_the_read_model_and_a_redelivery_changes_nothing() throws Exception {
        PublishedPosts model = new InMemoryPublishedPosts();
        PublishedPostsStreamHandler handler = handler(model, new InMemoryEventStore(CODEC));
        String[] batch = {
                record("01KDX8A0000000000000000003", "300", 3, "BlogPostPublished", "{}"),
                record("01KDX8A0000000000000000001", "100", 1, "BlogPostCreated", created()),
                record("01KDX8A0000000000000000002", "200", 2, "BlogPostTitleChanged", "{\"title\": {\"S\": \"Hello, Lambda\"}}")};

        assertThat(handle(handler, batch)).isEqualTo("{\"applied\":3,\"repeats\":0,\"ignored\":0,\"skipped\":0}");
        assertThat(handle(handler, batch)).isEqualTo("{\"applied\":0,\"repeats\":3,\"ignored\":0,\"skipped\":0}");
        assertThat(model.published()).singleElement().satisfies(post -> {
            assertThat(post.id()).isEqualTo("p1");
            assertThat(post.title()).isEqualTo("Hello, Lambda");
            assertThat(post.version()).isEqualTo(3);
        });
    }

    @Test
    void records_of_other_tables_and_types_are_skipped_not_a_failed_batch() throws Exception {
        PublishedPosts model = new InMemoryPublishedPosts();
        String foreign = record("01KDX8A0000000000000000009", "900", 1, "CommentAdded", "{}")
                .replace("BlogPost#p1", "Comment#c1").replace("\"BlogPost\"", "\"Comment\"");

        String result = handle(handler(model, new InMemoryEventStore(CODEC)), foreign,
                record("01KDX8A0000000000000000001", "100", 1, "BlogPostCreated", created()));

        assertThat(result).isEqualTo("{\"applied\":1,\"repeats\":0,\"ignored\":0,\"skipped\":1}");
        assertThat(model.appliedVersion("BlogPost", "p1")).isEqualTo(1);
    }

    @Test
    void a_version_whose_predecessors_are_missing_is_preceded_by_them_from_the_store() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore(CODEC);
        var posts = CommandHandler.builder(BlogPosts.BLOG_POST, new BlogPostDecider()).store(store, store)
                .eventTypes(BlogPosts.EVENTS).build();
        posts.handle(CommandRequest.create("p1", "alice", new BlogPostCommand.CreateBlogPost("Hello", "alice")));
        posts.update("p1", "alice", new BlogPostCommand.ChangeTitle("Hello, gaps"), 1);
        posts.update("p1", "alice", new BlogPostCommand.PublishBlogPost(), 2);
        String publishedId = store.events(BlogPosts.BLOG_POST, "p1").toList().getLast().eventId();
        PublishedPosts model = new InMemoryPublishedPosts();

        String result = handle(handler(model, store), record(publishedId, "300", 3, "BlogPostPublished", "{}"));

        assertThat(result).startsWith("{\"applied\":3,");
        assertThat(model.published()).singleElement().satisfies(post -> assertThat(post.title()).isEqualTo("Hello, gaps"));
    }
}
