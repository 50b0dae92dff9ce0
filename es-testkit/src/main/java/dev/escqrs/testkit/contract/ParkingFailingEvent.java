package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ParkingContract.A_failing_event}, where it parks: a failing event parks its aggregate while every other
 * aggregate goes on, stays parked across a restart, and a store that is unavailable parks nothing.
 * {@link ParkingRetriesAndSkips} adds how a parked aggregate comes out again.
 */
abstract class ParkingFailingEvent extends ParkingGroup {
    ParkingFailingEvent(ParkingContract contract) {
        super(contract);
    }

    @Test
    void parks_its_aggregate_while_every_other_aggregate_goes_on() throws Exception {
        write("a", 3);
        write("b", 3);
        write("c", 3);
        poisoned.add("Account#b@2");
        RecordingProjection projection = poisonable();
        try (ProjectionRunner.Running running =
                runner("parks", projection.durable(checkpoints)).start()) {
            awaitVersions(projection, "a", List.of(1L, 2L, 3L, 4L));
            awaitVersions(projection, "c", List.of(1L, 2L, 3L, 4L));
            write("a", 1);
            write("b", 2);
            write("c", 1);
            awaitVersions(projection, "a", storedVersions("a"));
            awaitVersions(projection, "c", storedVersions("c"));
            awaitParked("parks", "b", e -> e.lastSeenVersion() == 6);

            assertThat(versions(projection, "b"))
                    .as("b's events wait behind its head")
                    .containsExactly(1L);
            ParkedAggregate entry = entry("parks", "b").orElseThrow();
            AggregateEvent<Event> head = stored("b", 2);
            assertThat(entry.runner()).isEqualTo("parks");
            assertThat(entry.head().version()).isEqualTo(2);
            assertThat(entry.head().eventId()).isEqualTo(head.eventId());
            assertThat(entry.head().eventName()).isEqualTo(head.eventName());
            assertThat(entry.head().json()).contains("\"amount\"");
            assertThat(entry.waiting()).as("versions 3 to 6 wait behind it").isEqualTo(4);
            assertThat(entry.error().category()).isEqualTo("INTERNAL");
            assertThat(entry.error().type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(entry.error().message()).isEqualTo("bug in the handler for " + head.eventName());
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.firstFailure()).isEqualTo(clock.instant());
            assertThat(entry.nextAttempt()).contains(clock.instant().plus(Duration.ofHours(1)));
            assertThat(running.status().parked()).isEqualTo(1);
            assertThat(running.status().isDegraded()).isTrue();
            assertThat(running.status().lastFailure())
                    .as("parking is not a failure of the runner")
                    .isEmpty();
            assertThat(projection.breaches()).isEmpty();
        }
    }

    @Test
    void stays_parked_across_a_restart_and_its_later_events_still_wait() throws Exception {
        write("b", 2);
        poisoned.add("Account#b@2");
        RecordingProjection projection = poisonable();
        try (ProjectionRunner.Running first =
                runner("restarts", projection.durable(checkpoints)).start()) {
            awaitParked("restarts", "b", e -> e.lastSeenVersion() == 3);
            assertThat(first.parked()).hasSize(1);
        }
        try (ProjectionRunner.Running second =
                runner("restarts", projection.durable(checkpoints)).start()) {
            write("b", 1);
            write("a", 1);
            awaitVersions(projection, "a", List.of(1L, 2L));
            awaitParked("restarts", "b", e -> e.lastSeenVersion() == 4);
            assertThat(versions(projection, "b")).containsExactly(1L);
            assertThat(second.parked()).hasSize(1);

            poisoned.clear();
            second.retry(ACCOUNT.name(), "b", "ops");
            awaitVersions(projection, "b", List.of(1L, 2L, 3L, 4L));
        }
    }

    @Test
    void that_says_the_store_is_unavailable_parks_nothing_and_fails_the_batch() throws Exception {
        write("b", 1);
        AtomicBoolean down = new AtomicBoolean(true);
        RecordingProjection projection = new RecordingProjection().beforeApply(event -> {
            if (down.get()) {
                throw new dev.escqrs.core.error.StoreUnavailableException(
                        "the read model's table is throttled", new java.io.IOException("throttled"));
            }
        });
        try (ProjectionRunner.Running running =
                runner("unavailable", projection.durable(checkpoints)).start()) {
            Eventually.await("the runner to fail", () -> running.status().failures() > 0);
            assertThat(running.parked()).isEmpty();
            down.set(false);
            awaitVersions(projection, "b", List.of(1L, 2L));
            assertThat(running.parked()).isEmpty();
        }
    }
}
