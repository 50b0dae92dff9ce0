package dev.escqrs.inmemory;

import dev.escqrs.core.port.Checkpoint;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck on the in-memory checkpoints: concurrent saves, loads and deletes of two consumers' positions must be
 * linearizable. Model checking and stress, bounded for a two-core CI.
 */
public class InMemoryCheckpointsLincheckTest {
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();

    public InMemoryCheckpointsLincheckTest() {}

    @Operation
    public void save(
            @Param(gen = IntGen.class, conf = "1:2") int consumer,
            @Param(gen = IntGen.class, conf = "1:3") int position) {
        checkpoints.save("c" + consumer, new Checkpoint(Integer.toString(position)));
    }

    /** The saved position, or "none". */
    @Operation
    public String load(@Param(gen = IntGen.class, conf = "1:2") int consumer) {
        return checkpoints.load("c" + consumer).map(Checkpoint::value).orElse("none");
    }

    @Operation
    public void delete(@Param(gen = IntGen.class, conf = "1:2") int consumer) {
        checkpoints.delete("c" + consumer);
    }

    @Test
    void is_linearizable_under_model_checking() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("escqrs-test.lincheck.iterations", 15))
                .invocationsPerIteration(Integer.getInteger("escqrs-test.lincheck.invocations", 200))
                .threads(2)
                .actorsPerThread(3)
                .check(InMemoryCheckpointsLincheckTest.class);
    }

    @Test
    void is_linearizable_under_stress() {
        new StressOptions()
                .iterations(Integer.getInteger("escqrs-test.lincheck.iterations", 15))
                .invocationsPerIteration(Integer.getInteger("escqrs-test.lincheck.invocations", 200))
                .threads(2)
                .actorsPerThread(3)
                .check(InMemoryCheckpointsLincheckTest.class);
    }
}
