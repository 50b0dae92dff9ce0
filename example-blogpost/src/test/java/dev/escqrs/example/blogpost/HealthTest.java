package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.projection.ProjectionRunner.Phase;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.example.blogpost.app.Health;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What {@code /health} says of the store, the read model and the indexer (its HTTP side is in BlogPostHttpTest). */
class HealthTest {
    private static Optional<ProjectionStatus> readModel(Phase phase, Duration lag, boolean failing) {
        return readModel(phase, lag, failing, 0);
    }

    private static Optional<ProjectionStatus> readModel(Phase phase, Duration lag, boolean failing, int parked) {
        return Optional.of(new ProjectionStatus(
                "published-posts",
                phase,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                lag,
                0,
                failing ? 1 : 0,
                failing ? Optional.of(new IllegalStateException("injected")) : Optional.empty(),
                new Projector.Counts(0, 0, 0, 0),
                parked));
    }

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** The indexer run here, as {@code /health} takes it at {@link #NOW}: last read to its end {@code ago}. */
    private static Optional<InProcessIndexer.Report> indexer(
            boolean standingBy, Optional<Duration> ago, boolean failing) {
        DynamoDbIndexer.Status status = new DynamoDbIndexer.Status(
                12,
                0,
                0,
                3,
                0,
                0,
                0,
                Optional.empty(),
                ago.map(NOW::minus),
                failing ? Optional.of("StoreUnavailableException: injected") : Optional.empty(),
                standingBy);
        return Optional.of(InProcessIndexer.Report.of(status, NOW));
    }

    private static Health withIndexer(Optional<InProcessIndexer.Report> indexer) {
        return new Health(
                true,
                readModel(Phase.TAILING, Duration.ofMillis(200), false),
                Optional.empty(),
                indexer,
                Optional.empty());
    }

    @Nested
    class The_indexer_run_here {
        @Test
        void keeps_the_service_up_while_it_tails_within_30_seconds_or_stands_by() {
            Optional<InProcessIndexer.Report> tailing = indexer(false, Optional.of(Duration.ofMillis(400)), false);
            assertThat(tailing.orElseThrow().phase()).isEqualTo(InProcessIndexer.Phase.TAILING);
            assertThat(withIndexer(tailing).status()).isEqualTo("up");
            assertThat(withIndexer(indexer(false, Optional.of(InProcessIndexer.MAX_LAG), false))
                            .status())
                    .as("at the bound")
                    .isEqualTo("up");

            Optional<InProcessIndexer.Report> standby = indexer(true, Optional.empty(), false);
            assertThat(standby.orElseThrow().phase()).isEqualTo(InProcessIndexer.Phase.STANDBY);
            assertThat(withIndexer(standby).status())
                    .as("another replica holds its lease")
                    .isEqualTo("up");
        }

        @Test
        void degrades_the_service_but_does_not_take_it_down_when_it_fails_lags_or_has_not_caught_up() {
            Optional<InProcessIndexer.Report> behind = indexer(false, Optional.of(Duration.ofSeconds(31)), false);
            assertThat(behind.orElseThrow().isHealthy()).isFalse();
            assertThat(withIndexer(behind).status()).isEqualTo("degraded");

            Optional<InProcessIndexer.Report> failing = indexer(false, Optional.of(Duration.ofMinutes(5)), true);
            assertThat(failing.orElseThrow().phase()).isEqualTo(InProcessIndexer.Phase.FAILED);
            assertThat(withIndexer(failing).status())
                    .as("the commands work; the index catches up later")
                    .isEqualTo("degraded");

            Optional<InProcessIndexer.Report> starting = indexer(false, Optional.empty(), false);
            assertThat(starting.orElseThrow().phase()).isEqualTo(InProcessIndexer.Phase.STARTING);
            assertThat(withIndexer(starting).status()).isEqualTo("degraded");
        }
    }

    @Test
    void degraded_with_the_count_not_down_while_posts_are_parked() {
        Health health = new Health(
                true,
                readModel(Phase.TAILING, Duration.ofMillis(200), false, 2),
                readModel(Phase.TAILING, Duration.ofMillis(200), false, 1));
        assertThat(health.status()).isEqualTo("degraded");
        assertThat(health.parked()).isEqualTo(3);
    }

    @Test
    void up_when_the_store_answers_and_the_read_model_tails_within_30_seconds() {
        assertThat(new Health(true, readModel(Phase.TAILING, Duration.ofMillis(200), false), Optional.empty()).status())
                .isEqualTo("up");
        assertThat(new Health(true, Optional.empty(), Optional.empty()).status())
                .as("the Lambda keeps it, not this process")
                .isEqualTo("up");
    }

    @Test
    void degraded_while_the_read_model_builds_heals_lags_or_just_failed() {
        assertThat(new Health(true, readModel(Phase.BACKFILLING, Duration.ofSeconds(5), false), Optional.empty())
                        .status())
                .isEqualTo("degraded");
        assertThat(new Health(true, readModel(Phase.HEALING, Duration.ofMinutes(5), false), Optional.empty()).status())
                .isEqualTo("degraded");
        assertThat(new Health(true, readModel(Phase.TAILING, Duration.ofMinutes(1), false), Optional.empty()).status())
                .isEqualTo("degraded");
        assertThat(new Health(true, readModel(Phase.FAILED, Duration.ofSeconds(1), true), Optional.empty()).status())
                .isEqualTo("degraded");
    }

    @Test
    void degraded_but_not_down_while_a_workflow_is_behind_or_failing() {
        Optional<ProjectionStatus> tailing = readModel(Phase.TAILING, Duration.ofMillis(200), false);
        assertThat(new Health(true, tailing, readModel(Phase.TAILING, Duration.ofMillis(200), false)).status())
                .isEqualTo("up");
        assertThat(new Health(true, tailing, readModel(Phase.FAILED, Duration.ofMinutes(5), true)).status())
                .as("its commands wait; none is lost")
                .isEqualTo("degraded");
    }

    @Test
    void up_on_a_replica_whose_runners_stand_by_however_long_it_has_not_run_them() {
        Optional<ProjectionStatus> standby = readModel(Phase.STANDBY, Duration.ofHours(3), false);
        assertThat(new Health(true, standby, readModel(Phase.STANDBY, Duration.ofHours(3), false)).status())
                .as("another replica holds the leases")
                .isEqualTo("up");
        assertThat(new Health(true, readModel(Phase.TAILING, Duration.ofMillis(200), false), standby).status())
                .isEqualTo("up");
        assertThat(new Health(false, standby, standby).status())
                .as("the store still counts")
                .isEqualTo("down");
    }

    @Test
    void down_when_the_store_does_not_answer_or_the_read_model_fails_and_falls_behind() {
        assertThat(new Health(false, readModel(Phase.TAILING, Duration.ZERO, false), Optional.empty()).status())
                .isEqualTo("down");
        assertThat(new Health(true, readModel(Phase.FAILED, Duration.ofMinutes(1), true), Optional.empty()).status())
                .isEqualTo("down");
    }
}
