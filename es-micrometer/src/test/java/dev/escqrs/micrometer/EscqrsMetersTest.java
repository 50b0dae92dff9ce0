package dev.escqrs.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.core.projection.Projector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EscqrsMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EscqrsMeters meters = new EscqrsMeters(registry);

    @Test
    void commands_are_timed_by_aggregate_command_and_outcome_and_conflicts_and_retries_counted() {
        meters.finished("BlogPost", "Publish", CommandObserver.Outcome.APPENDED, 1, Duration.ofMillis(3));
        meters.finished("BlogPost", "Publish", CommandObserver.Outcome.CONFLICT, 1, Duration.ofMillis(2));
        meters.retrying("BlogPost", "Publish", 2);

        assertThat(registry.get("escqrs.commands")
                        .tags("aggregate", "BlogPost", "command", "Publish", "outcome", "appended")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("escqrs.command.conflicts")
                        .tags("aggregate", "BlogPost")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("escqrs.command.retries").counter().count()).isEqualTo(1);
    }

    @Test
    void requests_projections_and_heals_are_counted_by_their_tags() {
        meters.request("GetItem", false, Duration.ofMillis(1));
        meters.request("GetItem", true, Duration.ofMillis(1));
        meters.applied("published-posts", 5);
        meters.failed("published-posts", new IllegalStateException("throttled"));
        meters.healing("published-posts", FeedPositionLostException.Reason.TRIMMED);

        assertThat(registry.get("escqrs.store.requests")
                        .tags("operation", "GetItem", "outcome", "failed")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("escqrs.projection.events.applied")
                        .tags("projection", "published-posts")
                        .counter()
                        .count())
                .isEqualTo(5);
        assertThat(registry.get("escqrs.projection.failures").counter().count()).isEqualTo(1);
        assertThat(registry.get("escqrs.projection.heals")
                        .tags("reason", "trimmed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void a_watched_projection_reports_its_lag_and_health_and_nothing_while_it_is_not_running() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        ProjectionStatus tailing = new ProjectionStatus(
                "published-posts",
                ProjectionRunner.Phase.TAILING,
                Optional.empty(),
                Optional.of(now),
                Optional.of(now),
                Duration.ofSeconds(2),
                0,
                0,
                Optional.empty(),
                new Projector.Counts(0, 0, 0, 0),
                2);
        meters.watch("published-posts", () -> Optional.of(tailing));
        meters.watch("stopped", Optional::empty);

        assertThat(registry.get("escqrs.projection.lag")
                        .tags("projection", "published-posts")
                        .gauge()
                        .value())
                .isEqualTo(2.0);
        assertThat(registry.get("escqrs.projection.healthy")
                        .tags("projection", "published-posts")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(registry.get("escqrs.projection.lag")
                        .tags("projection", "stopped")
                        .gauge()
                        .value())
                .isNaN();
        assertThat(registry.get("escqrs.projection.parked.aggregates")
                        .tags("projection", "published-posts")
                        .gauge()
                        .value())
                .as("two aggregates parked: degraded, still healthy")
                .isEqualTo(2.0);
    }

    @Test
    void parked_and_unparked_aggregates_are_counted_per_projection() {
        meters.parked("author-stats", null);
        meters.parked("author-stats", null);
        meters.unparked("author-stats", "BlogPost", "p1");

        assertThat(registry.get("escqrs.projection.parked")
                        .tags("projection", "author-stats")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("escqrs.projection.unparked")
                        .tags("projection", "author-stats")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
