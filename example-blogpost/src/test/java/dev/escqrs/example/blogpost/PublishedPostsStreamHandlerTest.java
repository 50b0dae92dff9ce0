package dev.escqrs.example.blogpost;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.dynamodb.LambdaStreamEventDecoder;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.lambda.PublishedPostsStreamHandler;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
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

    @Test
    void a_stream_event_updates_the_read_model_and_a_redelivery_changes_nothing() throws Exception {
        PublishedPosts model = new PublishedPosts();
        PublishedPostsStreamHandler handler = new PublishedPostsStreamHandler(
                LambdaStreamEventDecoder.strict(JsonCodec.create(BlogPosts.EVENTS), TABLES), model);
        String json = "{\"Records\": [" + String.join(",",
                record("01KDX8A0000000000000000003", "300", 3, "BlogPostPublished", "{}"),
                record("01KDX8A0000000000000000001", "100", 1, "BlogPostCreated",
                        "{\"title\": {\"S\": \"Hello\"}, \"authorId\": {\"S\": \"alice\"}}"),
                record("01KDX8A0000000000000000002", "200", 2, "BlogPostTitleChanged",
                        "{\"title\": {\"S\": \"Hello, Lambda\"}}")) + "]}";

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out);
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream());

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"applied\":3}");
        assertThat(model.published()).singleElement().satisfies(post -> {
            assertThat(post.id()).isEqualTo("p1");
            assertThat(post.title()).isEqualTo("Hello, Lambda");
            assertThat(post.version()).isEqualTo(3);
        });
    }
}
