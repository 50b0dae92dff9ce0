package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.privacy.PersonalData;
import java.util.List;

/**
 * An author (the aggregate's id is the author's actor id): their profile, the name and email they set themselves,
 * and how many of their posts are published, which the {@code AuthorStats} reaction counts. The domain counts
 * naively, one per command: that a redelivered event is never counted twice is the framework's promise, not a rule
 * the profile has to keep.
 *
 * <p>The name and email are personal data of the author: marked {@link PersonalData} in the event and in the state,
 * the codec stores them encrypted with the author's key. When an operator forgets an author, the key is deleted and
 * {@link AuthorForgotten} is appended, so that every read model that copied them drops its copy; from then on every
 * read shows them as {@link PersonalData#ERASED}, and a forgotten author cannot set a profile again.
 */
public final class Author {
    private Author() {}

    /** What can be asked of an author. */
    public sealed interface Command permits CountPublishedPost, SetProfile, Forget {}

    /** Count a post that was published. */
    public record CountPublishedPost(String postId) implements Command {}

    /** Set the author's name and email (checked and normalised by {@link Profiles}). */
    public record SetProfile(String name, String email) implements Command {}

    /** Record that the author was forgotten (their key is deleted first, by the service). */
    public record Forget() implements Command {}

    /** What happens to an author. */
    public sealed interface Event permits PublishedPostCounted, AuthorProfileSet, AuthorForgotten {}

    public record PublishedPostCounted(String postId) implements Event {}

    /** The author set their profile: both values are personal data of the author (the aggregate). */
    public record AuthorProfileSet(
            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String name,

            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String email)
            implements Event {}

    /**
     * The author was forgotten: their key is gone, so their personal data reads as erased wherever it is stored;
     * a read model that copied it drops its copy on this event.
     */
    public record AuthorForgotten() implements Event {}

    /**
     * The author's state. {@code name} and {@code email} are null until the author sets a profile: the codec stores a
     * null as null, so an author who never set one gets no key (the author-stats workflow writes authors who did
     * not); once forgotten, both are {@link PersonalData#ERASED}.
     */
    public record Profile(
            long publishedPosts,
            String lastPostId,

            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String name,

            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String email,

            boolean forgotten) {
        public static final Profile NONE = new Profile(0, "", null, null, false);
    }

    public static final AggregateType<Event, Profile> AUTHOR = AggregateType.of(
            "Author",
            Profile.class,
            Event.class,
            EventTypes.builder()
                    .register("PublishedPostCounted", PublishedPostCounted.class)
                    .register("AuthorProfileSet", AuthorProfileSet.class)
                    .register("AuthorForgotten", AuthorForgotten.class)
                    .build());

    public static final Decider<Command, Event, Profile> DECIDER = new Decider<>() {
        @Override
        public Profile initialState() {
            return Profile.NONE;
        }

        @Override
        public List<Event> decide(Command command, Profile profile) {
            return switch (command) {
                case CountPublishedPost count -> List.of(new PublishedPostCounted(count.postId()));
                case SetProfile set -> {
                    if (profile.forgotten()) {
                        throw new AuthorForgottenException("the author was forgotten: their personal data is not "
                                + "kept any more, so a profile cannot be set");
                    }
                    String name = Profiles.name(set.name());
                    String email = Profiles.email(set.email());
                    yield name.equals(profile.name()) && email.equals(profile.email())
                            ? List.of()
                            : List.of(new AuthorProfileSet(name, email));
                }
                case Forget forget -> profile.forgotten() ? List.of() : List.of(new AuthorForgotten());
            };
        }

        @Override
        public Profile evolve(Profile profile, Event event) {
            return switch (event) {
                case PublishedPostCounted counted ->
                    new Profile(
                            profile.publishedPosts() + 1,
                            counted.postId(),
                            profile.name(),
                            profile.email(),
                            profile.forgotten());
                case AuthorProfileSet set ->
                    new Profile(
                            profile.publishedPosts(),
                            profile.lastPostId(),
                            set.name(),
                            set.email(),
                            profile.forgotten());
                case AuthorForgotten forgotten ->
                    new Profile(
                            profile.publishedPosts(),
                            profile.lastPostId(),
                            PersonalData.ERASED,
                            PersonalData.ERASED,
                            true);
            };
        }
    };
}
