package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.ParkingRetries;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.SkippedEvent;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ParkingContract.A_failing_event}, how its aggregate comes out of parking: retried by an operator or
 * automatically with backoff, or its head skipped and recorded. The parking itself is in {@link ParkingFailingEvent}.
 */
abstract class ParkingRetriesAndSkips extends ParkingFailingEvent {
    ParkingRetriesAndSkips(ParkingContract contract) {
        super(contract);
    }

    @Test
    void is_retried_by_an_operator_with_every_event_behind_it_in_order() throws Exception {
        write("a", 2);
        write("b", 2);
        poisoned.add("Account#b@2");
        RecordingProjection projection = poisonable();
        try (ProjectionRunner.Running running =
                runner("retried", projection.durable(checkpoints)).start()) {
            awaitParked("retried", "b", e -> true);
            write("b", 2);
            awaitParked("retried", "b", e -> e.lastSeenVersion() == 5);
            assertThat(running.retry(ACCOUNT.name(), "a", "ops"))
                    .as("a is not parked")
                    .isFalse();

            poisoned.clear(); // the fix is deployed
            assertThat(running.retry(ACCOUNT.name(), "b", "ops")).isTrue();

            awaitVersions(projection, "b", List.of(1L, 2L, 3L, 4L, 5L));
            Eventually.await("b's entry to be gone", () -> entry("retried", "b").isEmpty());
            // the observer is told right after the entry is removed
            Eventually.await("the observer to be told", () -> !unparked.isEmpty());
            assertThat(unparked).containsExactly("Account#b");
            assertThat(running.parked()).isEmpty();
            assertThat(projection.breaches()).isEmpty();
            write("b", 1);
            awaitVersions(projection, "b", storedVersions("b"));
        }
    }

    @Test
    void is_retried_automatically_with_backoff_and_then_waits_for_an_operator() throws Exception {
        write("b", 1);
        poisoned.add("Account#b@2");
        RecordingProjection projection = poisonable();
        ParkingRetries retries = new ParkingRetries(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, 25);
        try (ProjectionRunner.Running running =
                runner("backoff", projection.durable(checkpoints), retries).start()) {
            Instant parkedAt = clock.instant();
            awaitParked("backoff", "b", e -> e.attempts() == 1);
            assertThat(entry("backoff", "b").orElseThrow().nextAttempt()).contains(parkedAt.plusSeconds(1));

            Instant second = clock.advance(Duration.ofSeconds(1));
            awaitParked("backoff", "b", e -> e.attempts() == 2);
            assertThat(entry("backoff", "b").orElseThrow().nextAttempt()).contains(second.plusSeconds(2));
            assertThat(entry("backoff", "b").orElseThrow().firstFailure()).isEqualTo(parkedAt);

            clock.advance(Duration.ofSeconds(2));
            awaitParked("backoff", "b", e -> e.attempts() == 3);
            assertThat(entry("backoff", "b").orElseThrow().nextAttempt())
                    .as("the automatic retries are used up")
                    .isEmpty();

            poisoned.clear();
            clock.advance(Duration.ofHours(1));
            write("a", 1); // the runner polls, applies a, and has nothing due for b
            awaitVersions(projection, "a", List.of(1L, 2L));
            assertThat(versions(projection, "b")).as("b waits for an operator").containsExactly(1L);

            running.retry(ACCOUNT.name(), "b", "ops");
            awaitVersions(projection, "b", List.of(1L, 2L));
        }
    }

    @Test
    void whose_head_is_skipped_is_recorded_and_the_events_behind_it_are_applied() throws Exception {
        write("b", 3);
        poisoned.add("Account#b@2");
        RecordingProjection projection = poisonable();
        AggregateEvent<Event> head = stored("b", 2);
        try (ProjectionRunner.Running running =
                runner("skips", projection.durable(checkpoints)).start()) {
            awaitParked("skips", "b", e -> e.lastSeenVersion() == 4);
            assertThat(running.skip(ACCOUNT.name(), "b", "ops", "a deposit from the test data"))
                    .isTrue();
            awaitVersions(projection, "b", List.of(1L, 3L, 4L));
            Eventually.await("b's entry to be gone", () -> entry("skips", "b").isEmpty());
        }
        // the skip stays in force when the feed delivers the head again: a new runner over the same read model
        try (ProjectionRunner.Running again =
                runner("skips", projection.durable(checkpoints)).start()) {
            write("b", 1);
            awaitVersions(projection, "b", List.of(1L, 3L, 4L, 5L));
            assertThat(again.parked()).isEmpty();
        }
        assertThat(poisoned).contains("Account#b@2");
        assertThat(projection.events(ACCOUNT.name(), "b"))
                .extracting(AggregateEvent::eventId)
                .doesNotContain(head.eventId());
    }

    @Test
    void whose_skip_is_recorded_with_who_when_and_why() throws Exception {
        write("b", 1);
        poisoned.add("Account#b@2");
        RecordingProjection projection = poisonable();
        AggregateEvent<Event> head = stored("b", 2);
        try (ProjectionRunner.Running running =
                runner("skip-record", projection.durable(checkpoints)).start()) {
            awaitParked("skip-record", "b", e -> true);
            Instant asked = clock.instant();
            running.skip(ACCOUNT.name(), "b", "ops", "poison");
            Eventually.await(
                    "b's entry to be gone", () -> entry("skip-record", "b").isEmpty());
            assertThat(parking.skipped("skip-record"))
                    .singleElement()
                    .isEqualTo(new SkippedEvent(
                            "skip-record",
                            ACCOUNT.name(),
                            "b",
                            2,
                            head.eventId(),
                            head.eventName(),
                            "ops",
                            "poison",
                            asked));
        }
    }
}
