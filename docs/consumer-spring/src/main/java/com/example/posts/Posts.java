package com.example.posts;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.EventTypes;

import java.util.List;

/** The README's quick start: a post that is created and published, its decider and its aggregate type. */
public final class Posts {
    private Posts() {
    }

    public sealed interface PostEvent {
        record Created(String title) implements PostEvent {
        }

        record Published() implements PostEvent {
        }
    }

    public sealed interface PostCommand {
        record Create(String title) implements PostCommand {
        }

        record Publish() implements PostCommand {
        }
    }

    public record Post(String title, boolean published) {
    }

    public static final AggregateType<PostEvent, Post> POST = AggregateType.of("Post", Post.class, PostEvent.class,
            EventTypes.builder()
                    .register("PostCreated", PostEvent.Created.class)
                    .register("PostPublished", PostEvent.Published.class)
                    .build());

    public static final class PostDecider implements Decider<PostCommand, PostEvent, Post> {
        @Override
        public Post initialState() {
            return new Post("", false);
        }

        @Override
        public List<PostEvent> decide(PostCommand command, Post post) {
            return switch (command) {
                case PostCommand.Create create -> List.of(new PostEvent.Created(create.title()));
                case PostCommand.Publish publish -> {
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
                case PostEvent.Created created -> new Post(created.title(), false);
                case PostEvent.Published published -> new Post(post.title(), true);
            };
        }
    }
}
