package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import java.time.Instant;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck on the command handler's aggregate cache: concurrent puts (which never replace a newer version with an
 * older one), gets and removes, with two places for three aggregates so that eviction takes part, must be
 * linearizable. Model checking and stress, bounded for a two-core CI.
 */
public class AggregateCacheLincheckTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private final AggregateCache<String> cache = new AggregateCache<>(2);

    public AggregateCacheLincheckTest() {}

    @Operation
    public void put(
            @Param(gen = IntGen.class, conf = "1:3") int id, @Param(gen = IntGen.class, conf = "1:3") int version) {
        cache.put(new Aggregate<>(new AggregateMeta("a" + id, version, "actor", AT, AT), "v" + version));
    }

    /** The cached version, or 0 when the aggregate is not cached. */
    @Operation
    public long get(@Param(gen = IntGen.class, conf = "1:3") int id) {
        return cache.get("a" + id).map(Aggregate::version).orElse(0L);
    }

    @Operation
    public void remove(@Param(gen = IntGen.class, conf = "1:3") int id) {
        cache.remove("a" + id);
    }

    @Test
    void is_linearizable_under_model_checking() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("escqrs-test.lincheck.iterations", 15))
                .invocationsPerIteration(Integer.getInteger("escqrs-test.lincheck.invocations", 200))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .check(AggregateCacheLincheckTest.class);
    }

    @Test
    void is_linearizable_under_stress() {
        new StressOptions()
                .iterations(Integer.getInteger("escqrs-test.lincheck.iterations", 15))
                .invocationsPerIteration(Integer.getInteger("escqrs-test.lincheck.invocations", 200))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .check(AggregateCacheLincheckTest.class);
    }
}
