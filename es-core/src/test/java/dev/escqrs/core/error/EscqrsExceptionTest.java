package dev.escqrs.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.error.EscqrsException.Category;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every escqrs error says its category and whether a retry may succeed, so callers map them without knowing types. */
class EscqrsExceptionTest {
    record Expected(EscqrsException error, Category category, boolean retryable) {}

    @Test
    void every_error_has_its_category_and_only_unavailable_ones_and_races_are_retryable() {
        List<Expected> all = List.of(
                new Expected(new InvalidInputException("bad id"), Category.INVALID, false),
                new Expected(new LimitExceededException("400 KB"), Category.INVALID, false),
                new Expected(new SerializationException("1E-131"), Category.INVALID, false),
                new Expected(new NotFoundException("Post", "p1"), Category.NOT_FOUND, false),
                new Expected(ConflictException.versionMismatch("Post", "p1", 1, 2), Category.CONFLICT, false),
                new Expected(ConflictException.alreadyExists("Post", "p1", 1), Category.CONFLICT, false),
                new Expected(
                        ConflictException.concurrentAppend("Post", "p1", 1, Optional.of(2L), Optional.empty()),
                        Category.CONFLICT,
                        true),
                new Expected(
                        new IdempotencyKeyReusedException("Post", "p1", "ann", "Rename", 2, 2),
                        Category.CONFLICT,
                        false),
                new Expected(new DomainException("already published"), Category.REFUSED, false),
                new Expected(new StoreUnavailableException("throttled", null), Category.UNAVAILABLE, true),
                new Expected(
                        new RetriesExhaustedException(
                                "Post",
                                "p1",
                                3,
                                ConflictException.concurrentAppend("Post", "p1", 1, Optional.of(2L), Optional.empty())),
                        Category.UNAVAILABLE,
                        true),
                new Expected(
                        new FeedPositionLostException(FeedPositionLostException.Reason.TRIMMED, "trimmed", null),
                        Category.UNAVAILABLE,
                        false),
                new Expected(new EventSequenceException("gap"), Category.INTERNAL, false),
                new Expected(new UnknownEventTypeException("Gone", Set.of("Here")), Category.INTERNAL, false),
                new Expected(
                        new UnreadableStateException("Post", "p1", 2, "a field was removed", null),
                        Category.INTERNAL,
                        false),
                new Expected(new EscqrsException("the tables disagree"), Category.INTERNAL, false));
        for (Expected expected : all) {
            assertThat(expected.error().category())
                    .as(expected.error().getClass().getSimpleName())
                    .isEqualTo(expected.category());
            assertThat(expected.error().retryable())
                    .as("%s retryable", expected.error().getClass().getSimpleName())
                    .isEqualTo(expected.retryable());
        }
    }
}
