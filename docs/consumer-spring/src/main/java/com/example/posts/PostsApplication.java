package com.example.posts;

import com.example.posts.Posts.Post;
import com.example.posts.Posts.PostCommand;
import com.example.posts.Posts.PostEvent;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.spring.boot.EscqrsAggregate;
import dev.escqrs.spring.boot.EscqrsReaction;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot service on escqrs: two aggregate types, a read model, a reaction between them and an HTTP API; the
 * store, the handlers, the runners, the reaction's ledger, metrics, health and the error answers come from the
 * starter and application.properties (escqrs.store, and on DynamoDB escqrs.dynamodb.table-prefix).
 */
@SpringBootApplication
public class PostsApplication {
    public static void main(String[] args) {
        SpringApplication.run(PostsApplication.class, args);
    }

    /** Its command handler is CommandHandlers.get(Posts.POST); its events are in the codec. */
    @Bean
    EscqrsAggregate<PostCommand, PostEvent, Post> posts() {
        return EscqrsAggregate.of(Posts.POST, new Posts.PostDecider());
    }

    @Bean
    EscqrsAggregate<Authors.AuthorCommand, Authors.AuthorEvent, Authors.Profile> authors() {
        return EscqrsAggregate.of(Authors.AUTHOR, new Authors.AuthorDecider());
    }

    /** Run with the application, its commands sent through the handlers above, effect once (a ledger on the store). */
    @Bean
    EscqrsReaction authorStats() {
        return EscqrsReaction.of(AuthorStats.NAME, AuthorStats.REACTION);
    }

    @Bean
    PublishedTitles publishedTitles() {
        return new PublishedTitles();
    }

    /** Run with the application: caught up from the store, then following the change feed. */
    @Bean
    ProjectionSpec publishedTitlesSpec(PublishedTitles titles, EventStore store) {
        return ProjectionSpec.builder("published-titles", titles).aggregates(Posts.POST).store(store).build();
    }
}
