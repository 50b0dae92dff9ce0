package com.example.posts;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;

import java.util.List;

/** An author's profile, which counts the posts they published; only the author-stats reaction writes it. */
public final class Authors {
    private Authors() {
    }

    public sealed interface AuthorEvent {
        record PostCounted(String postId) implements AuthorEvent {
        }
    }

    public sealed interface AuthorCommand {
        record CountPublishedPost(String postId) implements AuthorCommand {
        }
    }

    public record Profile(int publishedPosts) {
    }

    public static final AggregateType<AuthorEvent, Profile> AUTHOR = AggregateType.of("Author", Profile.class,
            AuthorEvent.class, EventTypes.builder().register("AuthorPostCounted", AuthorEvent.PostCounted.class).build());

    public static final class AuthorDecider implements Decider<AuthorCommand, AuthorEvent, Profile> {
        @Override
        public Profile initialState() {
            return new Profile(0);
        }

        @Override
        public List<AuthorEvent> decide(AuthorCommand command, Profile profile) {
            return switch (command) {
                case AuthorCommand.CountPublishedPost count -> List.of(new AuthorEvent.PostCounted(count.postId()));
            };
        }

        @Override
        public Profile evolve(Profile profile, AuthorEvent event) {
            return switch (event) {
                case AuthorEvent.PostCounted counted -> new Profile(profile.publishedPosts() + 1);
            };
        }
    }
}
