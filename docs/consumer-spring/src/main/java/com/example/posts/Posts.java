package com.example.posts;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.EventTypes;

import java.util.List;

/** A post that its author creates and publishes: its events, commands, state, decider and aggregate type. */
public final class Posts {
    private Posts() {
    }

    public sealed interface PostEvent {
        record Created(String title, String author) implements PostEvent {
        }

        record Published() implements PostEvent {
        }
    }

    public sealed interface PostCommand {
        record Create(String title, String author) implements PostCommand {
        }

        /** Only the post's author may publish it: {@code by} is who asks. */
        record Publish(String by) implements PostCommand {
        }
    }

    public record Post(String title, String author, boolean published) {
    }

    public static final AggregateType<PostEvent, Post> POST = AggregateType.of("Post", Post.class, PostEvent.class,
            EventTypes.builder()
                    .register("PostCreated", PostEvent.Created.class)
                    .register("PostPublished", PostEvent.Published.class)
                    .build());

    public static final class PostDecider implements Decider<PostCommand, PostEvent, Post> {
        @Override
        public Post initialState() {
            return new Post("", "", false);
        }

        @Override
        public List<PostEvent> decide(PostCommand command, Post post) {
            return switch (command) {
                case PostCommand.Create create -> {
                    if (create.title().isBlank()) {
                        throw new DomainException("a post needs a title");
                    }
                    yield List.of(new PostEvent.Created(create.title(), create.author()));
                }
                case PostCommand.Publish publish -> {
                    if (!post.author().equals(publish.by())) {
                        throw new DomainException("only its author may publish a post");
                    }
                    if (post.published()) {
                        throw new DomainException("already published");
                    }
                    yield List.of(new PostEvent.Published());
                }
            };
        }

        @Override
        public Post evolve(Post post, PostEvent event) {
            return switch (event) {
                case PostEvent.Created created -> new Post(created.title(), created.author(), false);
                case PostEvent.Published published -> new Post(post.title(), post.author(), true);
            };
        }
    }
}
