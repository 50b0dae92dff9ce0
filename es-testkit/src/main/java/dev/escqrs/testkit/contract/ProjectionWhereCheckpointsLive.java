package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.testkit.projection.RecordingProjection;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectionContract.WhereCheckpointsLive}: a read model in memory is rebuilt by each new runner and saves
 * nothing; a durable one keeps its checkpoint in its own checkpoints.
 */
abstract class ProjectionWhereCheckpointsLive extends ProjectionGroup {
    ProjectionWhereCheckpointsLive(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void a_read_model_in_memory_is_rebuilt_from_the_store_by_each_new_runner_and_saves_nothing_beside_the_store()
            throws Exception {
        write(ACCOUNT, "m1", 3);
        RecordingProjection before = new RecordingProjection();
        ProjectionRunner first = runner("in-memory", before);
        assertThat(first.isDurable()).isFalse();
        try (ProjectionRunner.Running running = first.start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            awaitAll(before, "m1");
            awaitCaughtUp(first);
        }
        write(ACCOUNT, "m1", 1);

        // a restart is a new process: a new, empty read model and a new runner under the same name
        RecordingProjection after = new RecordingProjection();
        try (ProjectionRunner.Running running = runner("in-memory", after).start()) {
            awaitAll(after, "m1");
            Eventually.await(
                    "the new read model's runner to tail", () -> running.phase() == ProjectionRunner.Phase.TAILING);
            assertThat(running.status().counts().applied())
                    .as("each event applied once to the new read model")
                    .isEqualTo(5);
        }

        assertThat(projectedVersions(after, ACCOUNT, "m1"))
                .as("every event, also those before the restart")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(checkpoints.load("in-memory"))
                .as("no durable checkpoint that could outlive the state")
                .isEmpty();
        assertThat(after.breaches()).isEmpty();
    }

    @Test
    void a_durable_read_model_keeps_its_checkpoint_in_its_own_checkpoints_and_a_reset_deletes_it() throws Exception {
        write(ACCOUNT, "d1", 2);
        RecordingProjection projection = new RecordingProjection();
        ProjectionRunner runner = runner("durable", projection.durable(checkpoints));
        assertThat(runner.isDurable()).isTrue();
        try (ProjectionRunner.Running running = runner.start()) {
            awaitAll(projection, "d1");
            awaitCaughtUp(runner);
            assertThat(running.checkpoint()).isEqualTo(runner.savedCheckpoint());
        }
        assertThat(checkpoints.load("durable")).isPresent().isEqualTo(runner.savedCheckpoint());

        runner.reset();
        assertThat(checkpoints.load("durable")).isEmpty();
        assertThat(projection.total()).isZero();
    }
}
