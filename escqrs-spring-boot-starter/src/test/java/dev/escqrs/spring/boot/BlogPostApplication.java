package dev.escqrs.spring.boot;

import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The blog post service on the starter: the example's domain and read model, wired by beans alone. */
@SpringBootConfiguration
@EnableAutoConfiguration
class BlogPostApplication {
    @Bean
    EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> blogPosts() {
        return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
    }

    @Bean
    InMemoryPublishedPosts publishedPosts() {
        return new InMemoryPublishedPosts();
    }

    @Bean
    ProjectionSpec publishedPostsSpec(InMemoryPublishedPosts publishedPosts, EventStore store) {
        return ProjectionSpec.builder(PublishedPosts.NAME, publishedPosts)
                .aggregates(BlogPosts.BLOG_POST)
                .store(store)
                .build();
    }
}
