package dev.escqrs.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import org.junit.jupiter.api.Test;

/** {@link ProjectionContract.CheckpointPort}: the adapter's {@link Checkpoints} keep one checkpoint per consumer. */
abstract class ProjectionCheckpointPort extends ProjectionGroup {
    ProjectionCheckpointPort(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void saves_loads_overwrites_and_deletes_per_consumer() {
        assertThat(checkpoints.load("read-model-a")).isEmpty();
        Checkpoint first = stores.feed().head();
        checkpoints.save("read-model-a", first);
        checkpoints.save("read-model-b", Checkpoint.START);
        assertThat(checkpoints.load("read-model-a")).contains(first);

        checkpoints.save("read-model-a", new Checkpoint(first.value()));
        checkpoints.delete("read-model-a");

        assertThat(checkpoints.load("read-model-a")).isEmpty();
        assertThat(checkpoints.load("read-model-b")).contains(Checkpoint.START);
    }
}
