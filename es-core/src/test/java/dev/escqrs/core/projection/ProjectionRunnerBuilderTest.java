package dev.escqrs.core.projection;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.port.Snapshots;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the runner's builder refuses, before anything runs: each with what to do instead. */
class ProjectionRunnerBuilderTest {
    /** A feed that, like a DynamoDB Stream, forgets. */
    private static final ChangeFeed FORGETTING = new ChangeFeed() {
        @Override
        public FeedBatch read(Checkpoint after, int maxEvents) {
            return new FeedBatch(List.of(), after);
        }

        @Override
        public Checkpoint head() {
            return Checkpoint.START;
        }
    };

    /** A runner of a read model in memory that takes no snapshots. */
    private static ProjectionRunner.Builder runner() {
        return ProjectionRunner.builder(ProjectionSpec.builder("accounts", ProjectionSpecTest.NOTHING)
                        .aggregates(ProjectionSpecTest.ACCOUNT)
                        .store(ProjectionSpecTest.store())
                        .build())
                .feed(FORGETTING);
    }

    @Test
    void a_projection_that_is_no_snapshotting_one_takes_no_snapshots() {
        assertThatThrownBy(() -> runner().snapshots(Snapshots.inMemory(), Duration.ofMinutes(5))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SnapshottingProjection");
    }

    @Test
    void a_read_model_in_memory_takes_no_lease() {
        assertThatThrownBy(() -> runner().lease(Leases.inMemory(), "replica-1", Duration.ofSeconds(30))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("each replica holds its own copy");
    }

    @Test
    void a_feed_that_forgets_cannot_replace_the_backfill() {
        assertThatThrownBy(() -> runner().catchUpFromFeed().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keeps every event");
    }

    @Test
    void a_lease_lasts_long_enough_to_be_renewed() {
        assertThatThrownBy(() -> runner().lease(Leases.inMemory(), "replica-1", Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30 ms or more");
    }
}
