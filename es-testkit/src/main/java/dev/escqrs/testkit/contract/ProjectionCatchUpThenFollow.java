package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static dev.escqrs.testkit.internal.Account.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectionContract.CatchUpThenFollow}: a runner catches up from the store (or from a feed that keeps every
 * event), then follows the feed, missing nothing written meanwhile; it restarts at its checkpoint and rebuilds after a
 * reset.
 */
abstract class ProjectionCatchUpThenFollow extends ProjectionGroup {
    ProjectionCatchUpThenFollow(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void a_new_projection_holds_the_whole_history_then_follows_new_events_and_ignores_other_types() throws Exception {
        write(ACCOUNT, "a1", 5);
        write(ACCOUNT, "a2", 3);
        write(LEDGER, "a1", 2);
        RecordingProjection projection = new RecordingProjection();
        ProjectionRunner runner = runner("accounts", projection);

        try (ProjectionRunner.Running running = runner.start()) {
            assertThat(running.awaitTailing(Eventually.timeout()))
                    .as("the backfill finishes")
                    .isTrue();
            awaitAll(projection, "a1", "a2");
            write(LEDGER, "a1", 1);
            write(ACCOUNT, "a1", 2);
            write(ACCOUNT, "a3", 1);
            awaitAll(projection, "a1", "a2", "a3");
        }

        assertThat(projection.breaches()).isEmpty();
        assertThat(projection.streamIds()).containsExactlyInAnyOrder("Account#a1", "Account#a2", "Account#a3");
        assertThat(runner.counts().ignored())
                .as("the ledger's event from the feed is not this projection's")
                .isPositive();
    }

    @Test
    void a_runner_catches_up_from_a_feed_that_keeps_every_event_and_is_refused_one_that_does_not() throws Exception {
        write(ACCOUNT, "f1", 3);
        write(ACCOUNT, "f2", 1);
        RecordingProjection projection = new RecordingProjection();
        if (!stores.feed().keepsEveryEvent()) { // a DynamoDB Stream: 24 hours
            assertThatThrownBy(() ->
                            builder("from-feed", projection).catchUpFromFeed().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keeps every event");
            return;
        }
        try (ProjectionRunner.Running running =
                builder("from-feed", projection).catchUpFromFeed().build().start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            awaitAll(projection, "f1", "f2");
            write(ACCOUNT, "f1", 1);
            awaitAll(projection, "f1", "f2");
        }
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void events_written_during_the_backfill_are_not_missed() throws Exception {
        for (int i = 0; i < 6; i++) {
            write(ACCOUNT, "early-" + i, 3);
        }
        AtomicBoolean wrote = new AtomicBoolean();
        RecordingProjection projection = new RecordingProjection().onApply(e -> {
            if (wrote.compareAndSet(false, true)) {
                write(ACCOUNT, "during", 4); // a writer racing the backfill
                write(ACCOUNT, "early-0", 2);
            }
        });

        try (ProjectionRunner.Running running =
                runner("during-backfill", projection).start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            awaitAll(projection, "during", "early-0", "early-1", "early-5");
        }
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void a_restart_resumes_at_the_checkpoint_without_replaying() throws Exception {
        write(ACCOUNT, "r1", 4);
        RecordingProjection projection = new RecordingProjection();
        ProjectionRunner first = runner("restarted", projection.durable(checkpoints));
        try (ProjectionRunner.Running running = first.start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            awaitAll(projection, "r1");
            awaitCaughtUp(first);
        }
        write(ACCOUNT, "r1", 2);
        write(ACCOUNT, "r2", 1);

        ProjectionRunner second = runner("restarted", projection.durable(checkpoints));
        try (ProjectionRunner.Running running = second.start()) {
            awaitAll(projection, "r1", "r2");
            assertThat(running.phase()).isEqualTo(ProjectionRunner.Phase.TAILING);
        }

        assertThat(second.counts().applied())
                .as("only the events written while it was down")
                .isEqualTo(4);
        assertThat(second.counts().repeats())
                .as("nothing before the checkpoint came again")
                .isZero();
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void reset_and_start_rebuild_the_projection_from_the_store() throws Exception {
        write(ACCOUNT, "b1", 3);
        RecordingProjection projection = new RecordingProjection();
        ProjectionRunner runner = runner("rebuilt", projection.durable(checkpoints));
        try (ProjectionRunner.Running running = runner.start()) {
            awaitAll(projection, "b1");
            assertThat(running.lastFailure()).isEmpty();
        }

        runner.reset();
        assertThat(projection.total()).isZero();
        assertThat(checkpoints.load("rebuilt")).isEmpty();
        try (ProjectionRunner.Running running = runner.start()) {
            awaitAll(projection, "b1");
            assertThat(running.lastFailure()).isEmpty();
        }
        assertThat(projection.breaches()).isEmpty();
    }
}
