package com.example.posts;

import com.example.posts.Posts.Post;
import com.example.posts.Posts.PostCommand;
import com.example.posts.Posts.PostEvent;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.spring.boot.CommandHandlers;
import dev.escqrs.spring.boot.EscqrsProjections;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class PostsApplicationTest {
    @Autowired
    CommandHandlers handlers;
    @Autowired
    EscqrsProjections projections;
    @Autowired
    PublishedTitles titles;
    @Autowired
    MeterRegistry meters;

    @Test
    void a_published_post_reaches_the_read_model() throws InterruptedException {
        CommandHandler<PostCommand, PostEvent, Post> posts = handlers.get(Posts.POST);
        String id = posts.handle(CommandRequest.create("alice", (PostCommand) new PostCommand.Create("Hello")))
                .aggregate().id();
        posts.update(id, "alice", new PostCommand.Publish(), 1);

        assertThat(projections.running("published-titles").orElseThrow()
                .awaitApplied(Posts.POST, id, 2, Duration.ofSeconds(30))).isTrue();
        assertThat(titles.titles()).containsExactly("Hello");
    }

    @Test
    void commands_are_measured_in_the_applications_registry() {
        CommandHandler<PostCommand, PostEvent, Post> posts = handlers.get(Posts.POST);
        posts.handle(CommandRequest.create("bob", (PostCommand) new PostCommand.Create("Measured")));

        assertThat(meters.get("escqrs.commands").tags("aggregate", "Post", "outcome", "appended").timer().count())
                .isPositive();
    }
}
