package dev.escqrs.spring.boot;

import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = BlogPostApplication.class, properties = "escqrs.store=memory")
class BlogPostOnMemoryTest {
    @Autowired
    CommandHandlers handlers;

    @Autowired
    EscqrsProjections projections;

    @Autowired
    InMemoryPublishedPosts publishedPosts;

    @Test
    void the_blog_post_flow_runs_and_the_read_model_follows() throws Exception {
        BlogPostFlow.run(handlers, projections, publishedPosts);
    }
}
