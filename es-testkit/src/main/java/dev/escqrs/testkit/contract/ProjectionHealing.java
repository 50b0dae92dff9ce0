package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectionContract.Healing}: a lost feed position is healed from the store, once per loss, with nothing
 * skipped or applied twice.
 */
abstract class ProjectionHealing extends ProjectionGroup {
    ProjectionHealing(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void a_lost_feed_position_is_healed_from_the_store_once_with_nothing_skipped_or_applied_twice() throws Exception {
        write(ACCOUNT, "h1", 3);
        LosingFeed feed = new LosingFeed(stores.feed());
        RecordingProjection projection = new RecordingProjection();
        RecordingObserver observer = new RecordingObserver();
        ProjectionRunner runner = builder("healed", projection.durable(checkpoints), observer)
                .feed(feed)
                .build();
        try (ProjectionRunner.Running running = runner.start()) {
            awaitAll(projection, "h1");
            awaitCaughtUp(runner);
            feed.lose(FeedPositionLostException.Reason.TRIMMED);
            write(ACCOUNT, "h1", 2); // written while the position is lost: only the store has them for sure
            write(ACCOUNT, "h2", 2);
            awaitAll(projection, "h1", "h2");
            Eventually.await("the runner to tail again", () -> running.phase() == ProjectionRunner.Phase.TAILING);

            assertThat(feed.pending()).isFalse();
            assertThat(running.status().heals()).isEqualTo(1);
            assertThat(running.lastFailure()).as("a heal is not a failure").isEmpty();
        }
        assertThat(observer.heals).containsExactly(FeedPositionLostException.Reason.TRIMMED);
        assertThat(runner.counts().repeats())
                .as("what it held came again from the store, and was skipped")
                .isGreaterThanOrEqualTo(4);
        assertThat(projection.breaches())
                .as("nothing applied twice or out of order")
                .isEmpty();
        assertThat(observer.applied.get()).isEqualTo(runner.counts().applied());
    }

    @Test
    void a_restart_on_a_checkpoint_the_feed_cannot_continue_heals_and_keeps_healing_until_it_can() throws Exception {
        write(ACCOUNT, "h3", 2);
        RecordingProjection projection = new RecordingProjection();
        ProjectionRunner first = runner("restarted-lost", projection.durable(checkpoints));
        try (ProjectionRunner.Running running = first.start()) {
            awaitAll(projection, "h3");
            awaitCaughtUp(first);
            assertThat(running.status().heals()).isZero();
        }
        write(ACCOUNT, "h3", 1);
        LosingFeed feed = new LosingFeed(stores.feed());
        feed.lose(FeedPositionLostException.Reason.STREAM_REPLACED, FeedPositionLostException.Reason.STREAM_REPLACED);
        ProjectionRunner second = builder("restarted-lost", projection.durable(checkpoints))
                .feed(feed)
                .build();
        try (ProjectionRunner.Running running = second.start()) {
            awaitAll(projection, "h3");
            write(ACCOUNT, "h4", 1);
            awaitAll(projection, "h3", "h4");
            assertThat(running.status().heals()).isEqualTo(2);
        }
        assertThat(projection.breaches()).isEmpty();
    }

    /** What a runner told its observer. */
    static final class RecordingObserver implements ProjectionObserver {
        final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
        final List<FeedPositionLostException.Reason> heals = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void applied(String projection, long events) {
            applied.addAndGet(events);
        }

        @Override
        public void healing(String projection, FeedPositionLostException.Reason reason) {
            heals.add(reason);
        }
    }
}
