package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.scenario.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectionContract.Status}: a runner's status tells its phase, the last event applied and the lag, and
 * {@code awaitApplied} waits for a version.
 */
abstract class ProjectionRunnerStatus extends ProjectionGroup {
    ProjectionRunnerStatus(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void tells_the_phase_the_last_event_applied_and_the_lag_which_grows_while_it_fails_and_clears_after()
            throws Exception {
        TestClock clock = TestClock.at(Instant.parse("2026-06-01T10:00:00Z"));
        AtomicBoolean failing = new AtomicBoolean();
        RecordingProjection projection = new RecordingProjection().beforeApply(e -> {
            if (failing.get()) {
                throw new IllegalStateException("injected: the read model's database is down");
            }
        });
        write(ACCOUNT, "s1", 2);
        ProjectionRunner runner = builder("status", projection).clock(clock).build();
        try (ProjectionRunner.Running running = runner.start()) {
            awaitAll(projection, "s1");
            Eventually.await("a catch-up", () -> running.status().caughtUpAt().isPresent());
            ProjectionStatus caughtUp = running.status();
            assertThat(caughtUp.phase()).isEqualTo(ProjectionRunner.Phase.TAILING);
            assertThat(caughtUp.lastApplied())
                    .hasValueSatisfying(e -> assertThat(e.aggregateVersion()).isEqualTo(3));
            assertThat(caughtUp.lag()).isEqualTo(Duration.ZERO);
            assertThat(caughtUp.isHealthy(Duration.ofSeconds(1))).isTrue();

            failing.set(true);
            write(ACCOUNT, "s1", 1);
            Eventually.await("the failure to show", () -> running.phase() == ProjectionRunner.Phase.FAILED);
            clock.advance(Duration.ofMinutes(2));
            ProjectionStatus failed = running.status();
            assertThat(failed.lastFailure())
                    .hasValueSatisfying(f -> assertThat(f).hasMessageContaining("injected"));
            assertThat(failed.failures()).isPositive();
            assertThat(failed.lag()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
            assertThat(failed.isHealthy(Duration.ofMinutes(1))).isFalse();

            failing.set(false);
            awaitAll(projection, "s1");
            Eventually.await(
                    "the runner to catch up again",
                    () -> running.status().lag().isZero() && running.phase() == ProjectionRunner.Phase.TAILING);
            assertThat(running.lastFailure()).isEmpty();
        }
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void await_applied_returns_once_the_projection_holds_the_version_and_false_when_it_does_not_in_time()
            throws Exception {
        RecordingProjection projection = new RecordingProjection();
        try (ProjectionRunner.Running running =
                runner("read-your-writes", projection).start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            write(ACCOUNT, "w1", 2);
            assertThat(running.awaitApplied(ACCOUNT, "w1", 3, Eventually.timeout()))
                    .isTrue();
            assertThat(projectedVersions(projection, ACCOUNT, "w1")).contains(3L);
            assertThat(running.awaitApplied(ACCOUNT, "w1", 9, Duration.ofMillis(200)))
                    .isFalse();
            assertThat(running.awaitApplied(ACCOUNT, "nobody", 1, Duration.ofMillis(100)))
                    .isFalse();
        }
    }
}
