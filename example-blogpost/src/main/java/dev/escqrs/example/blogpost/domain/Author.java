package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;

import java.util.List;

/**
 * An author's profile: how many of their posts are published. It has no command of its own over HTTP; the
 * {@code AuthorStats} reaction counts each published post into it (its id is the author's actor id). The domain counts
 * naively, one per command: that a redelivered event is never counted twice is the framework's promise, not a rule
 * the profile has to keep.
 */
public final class Author {
    private Author() {
    }

    /** What can be asked of a profile. */
    public sealed interface Command permits CountPublishedPost {
    }

    /** Count a post that was published. */
    public record CountPublishedPost(String postId) implements Command {
    }

    /** What happens to a profile. */
    public sealed interface Event permits PublishedPostCounted {
    }

    public record PublishedPostCounted(String postId) implements Event {
    }

    /** The profile: the number of published posts and the last one counted. */
    public record Profile(long publishedPosts, String lastPostId) {
        public static final Profile NONE = new Profile(0, "");
    }

    public static final AggregateType<Event, Profile> AUTHOR = AggregateType.of("Author", Profile.class, Event.class,
            EventTypes.builder().register("PublishedPostCounted", PublishedPostCounted.class).build());

    public static final Decider<Command, Event, Profile> DECIDER = new Decider<>() {
        @Override
        public Profile initialState() {
            return Profile.NONE;
        }

        @Override
        public List<Event> decide(Command command, Profile profile) {
            return switch (command) {
                case CountPublishedPost count -> List.of(new PublishedPostCounted(count.postId()));
            };
        }

        @Override
        public Profile evolve(Profile profile, Event event) {
            return switch (event) {
                case PublishedPostCounted counted -> new Profile(profile.publishedPosts() + 1, counted.postId());
            };
        }
    };
}
