package dev.escqrs.spring.boot;

import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same flow on moto, with the tables created at start-up and the emulator's one-request-at-a-time clients, the
 * blog post stored in one-item mode ({@code escqrs.dynamodb.one-item}).
 */
@SpringBootTest(classes = BlogPostApplication.class)
class BlogPostOnDynamoDbTest {
    @DynamicPropertySource
    static void dynamoDb(DynamicPropertyRegistry properties) {
        DynamoDbTestServer server = DynamoDbTestServer.get();
        properties.add("escqrs.store", () -> "dynamodb");
        properties.add("escqrs.dynamodb.endpoint", () -> server.endpoint().toString());
        properties.add("escqrs.dynamodb.emulator", () -> "true");
        properties.add("escqrs.dynamodb.table-prefix", () -> server.tablePrefix(BlogPostOnDynamoDbTest.class));
        properties.add("escqrs.dynamodb.create-tables", () -> "true");
        properties.add("escqrs.projections.poll-interval", () -> "100ms");
        // the blog post in one-item mode here (BlogPostOnMemoryTest and the example keep it in two-item mode)
        properties.add("escqrs.dynamodb.one-item", () -> "BlogPost");
    }

    @Autowired
    CommandHandlers handlers;

    @Autowired
    EscqrsProjections projections;

    @Autowired
    InMemoryPublishedPosts publishedPosts;

    @Test
    void the_blog_post_flow_runs_on_dynamodb_and_the_read_model_follows_its_stream() throws Exception {
        BlogPostFlow.run(handlers, projections, publishedPosts);
    }
}
