package dev.escqrs.example.blogpost;

import static dev.escqrs.core.privacy.PersonalData.ERASED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.Author.AuthorForgotten;
import dev.escqrs.example.blogpost.domain.Author.AuthorProfileSet;
import dev.escqrs.example.blogpost.domain.Author.CountPublishedPost;
import dev.escqrs.example.blogpost.domain.Author.Forget;
import dev.escqrs.example.blogpost.domain.Author.Profile;
import dev.escqrs.example.blogpost.domain.Author.PublishedPostCounted;
import dev.escqrs.example.blogpost.domain.Author.SetProfile;
import dev.escqrs.example.blogpost.domain.AuthorForgottenException;
import dev.escqrs.example.blogpost.domain.InvalidProfileException;
import dev.escqrs.testkit.scenario.Scenario;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The author's rules as given/when/then, each scenario run on the decider alone, on the in-memory store and on
 * DynamoDB (moto, Author in one-item mode as the service stores it), each with a key store of its own: the profile is
 * personal data, and once the author is forgotten it reads as erased everywhere.
 */
class AuthorDeciderTest {
    static Stream<Scenario<Author.Command, Author.Event, Profile>> scenarios() {
        return Stream.concat(
                        Stream.of(Scenario.pure(Author.AUTHOR, Author.DECIDER)),
                        Stores.all().map(store -> Scenario.onStore(Author.AUTHOR, Author.DECIDER, store)))
                .map(scenario -> scenario.withAggregateId("alice").as("alice"));
    }

    private static final AuthorProfileSet SET = new AuthorProfileSet("Alice Example", "alice@example.com");

    @Nested
    class SetProfileRules {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void sets_the_trimmed_name_and_email(Scenario<Author.Command, Author.Event, Profile> scenario) {
            scenario.when(new SetProfile("  Alice Example ", " alice@example.com "))
                    .idempotent()
                    .then(SET)
                    .thenState(profile -> assertThat(profile)
                            .isEqualTo(new Profile(0, "", "Alice Example", "alice@example.com", false)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void the_same_profile_is_a_no_op_and_another_one_replaces_it(
                Scenario<Author.Command, Author.Event, Profile> scenario) {
            scenario.given(SET)
                    .when(new SetProfile("Alice Example", "alice@example.com"))
                    .thenNothing();
            scenario.given(SET)
                    .when(new SetProfile("Alice Example", "alice@new.example"))
                    .then(new AuthorProfileSet("Alice Example", "alice@new.example"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void refuses_a_profile_that_is_not_one_without_repeating_it(
                Scenario<Author.Command, Author.Event, Profile> scenario) {
            scenario.when(new SetProfile(" ", "alice@example.com")).thenThrows(InvalidProfileException.class, "blank");
            scenario.when(new SetProfile(null, "alice@example.com"))
                    .thenThrows(InvalidProfileException.class, "a name is required");
            scenario.when(new SetProfile("x".repeat(101), "alice@example.com"))
                    .thenThrows(InvalidProfileException.class, "101 characters long; at most 100");
            scenario.when(new SetProfile("Alice\u202E", "alice@example.com"))
                    .thenThrows(InvalidProfileException.class, "printable text only");
            for (String email : new String[] {"alice", "alice@", "@example.com", "alice@example", "a b@example.com"}) {
                scenario.when(new SetProfile("Alice", email))
                        .thenThrows(InvalidProfileException.class, "must look like name@example.com");
            }
            scenario.when(new SetProfile("Alice", "a@" + "x".repeat(250) + ".com"))
                    .thenThrows(InvalidProfileException.class, "at most 254");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void a_forgotten_author_cannot_set_a_profile_again(Scenario<Author.Command, Author.Event, Profile> scenario) {
            scenario.forgetting("alice")
                    .given(SET, new AuthorForgotten())
                    .when(new SetProfile("Alice Again", "alice@example.com"))
                    .thenThrows(AuthorForgottenException.class, "the author was forgotten");
        }
    }

    @Nested
    class ForgetRules {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void records_that_the_author_was_forgotten_once(Scenario<Author.Command, Author.Event, Profile> scenario) {
            scenario.forgetting("alice")
                    .given(SET, new PublishedPostCounted("p1"))
                    .when(new Forget())
                    .idempotent()
                    .then(new AuthorForgotten())
                    .thenState(profile -> assertThat(profile).isEqualTo(new Profile(1, "p1", ERASED, ERASED, true)));
            scenario.given(SET, new AuthorForgotten()).when(new Forget()).thenNothing();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void an_author_without_a_profile_can_be_forgotten(Scenario<Author.Command, Author.Event, Profile> scenario) {
            scenario.forgetting("alice")
                    .when(new Forget())
                    .then(new AuthorForgotten())
                    .thenState(profile -> assertThat(profile).isEqualTo(new Profile(0, "", ERASED, ERASED, true)));
        }
    }

    @Nested
    class Counting {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void counts_a_published_post_and_keeps_the_profile(Scenario<Author.Command, Author.Event, Profile> scenario) {
            scenario.given(SET)
                    .when(new CountPublishedPost("p1"))
                    .then(new PublishedPostCounted("p1"))
                    .thenState(profile -> assertThat(profile)
                            .isEqualTo(new Profile(1, "p1", "Alice Example", "alice@example.com", false)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.escqrs.example.blogpost.AuthorDeciderTest#scenarios")
        void counts_for_an_author_forgotten_without_the_event_yet_whose_profile_reads_erased(
                Scenario<Author.Command, Author.Event, Profile> scenario) {
            // the key is deleted before AuthorForgotten is appended: a count in between sees the profile erased
            scenario.forgetting("alice")
                    .given(SET)
                    .when(new CountPublishedPost("p1"))
                    .then(new PublishedPostCounted("p1"))
                    .thenState(profile -> assertThat(profile).isEqualTo(new Profile(1, "p1", ERASED, ERASED, false)));
        }
    }
}
