package dev.escqrs.inmemory;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.testkit.internal.Account;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck on the in-memory store: every concurrent history of appends (with an expected version, the store's
 * compare-and-set), aggregate reads, history reads, reads by event name and change feed reads must be linearizable,
 * that is explainable by some sequential order of the same operations on this class. Checked by model checking
 * (Lincheck explores thread interleavings at the store's synchronization points) and by stress runs. Bounded to fit a
 * two-core CI; scripts/soak runs more.
 */
public class InMemoryStoreLincheckTest {
    // made per instance, inside the checked run: model checking makes identity hash codes deterministic per run, so
    // a map keyed by classes that was filled outside it (a static registry) would not find them
    private final EventTypes types = EventTypes.builder()
            .register("AccountOpened", Account.Opened.class)
            .register("Deposited", Account.Deposited.class)
            .build();
    private final AggregateType<Account.Event, Account.State> account =
            AggregateType.of("Account", Account.State.class, Account.Event.class, types);
    private final InMemoryEventStore store = new InMemoryEventStore(JsonCodec.create(types));
    private final EventIds ids = EventIds.system();

    public InMemoryStoreLincheckTest() {}

    /** Appends version {@code expected + 1} of account {@code id} if it is at {@code expected}; false on a conflict. */
    @Operation
    public boolean append(
            @Param(gen = IntGen.class, conf = "1:2") int id, @Param(gen = IntGen.class, conf = "0:2") int expected) {
        String aggregateId = "a" + id;
        long version = expected + 1L;
        Account.Event payload = version == 1 ? new Account.Opened("o") : new Account.Deposited(version);
        AggregateEvent<Account.Event> event = new AggregateEvent<>(
                ids.next(),
                version == 1 ? "AccountOpened" : "Deposited",
                "Account",
                aggregateId,
                version,
                "actor",
                payload,
                EventMetadata.NONE);
        Instant at = event.occurredAt();
        Aggregate<Account.State> after = new Aggregate<>(
                new AggregateMeta(aggregateId, version, "actor", at, at), new Account.State("o", version, 0));
        try {
            store.append(new AppendBatch<>(account, after, List.of(event)));
            return true;
        } catch (ConflictException conflict) {
            return false;
        }
    }

    /** The version the aggregate row says, 0 when there is none. */
    @Operation
    public long readVersion(@Param(gen = IntGen.class, conf = "1:2") int id) {
        return store.read(account, "a" + id).map(Aggregate::version).orElse(0L);
    }

    /** The versions of the account's history, in the order read. */
    @Operation
    public List<Long> readEvents(@Param(gen = IntGen.class, conf = "1:2") int id) {
        try (Stream<AggregateEvent<Account.Event>> events = store.events(account, "a" + id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    /** How many deposits there are, by event name. */
    @Operation
    public long depositsByName() {
        try (Stream<AggregateEvent<Object>> events = store.eventsByName("Deposited")) {
            return events.count();
        }
    }

    /** The stream ids and versions the change feed hands out from its start, in its order. */
    @Operation
    public List<String> feed() {
        return store.read(Checkpoint.START, 100).events().stream()
                .map(e -> e.streamId() + "@" + e.aggregateVersion())
                .toList();
    }

    @Test
    void is_linearizable_under_model_checking() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("escqrs-test.lincheck.iterations", 10))
                .invocationsPerIteration(Integer.getInteger("escqrs-test.lincheck.invocations", 100))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                // encoding is pure (no state shared between threads) and runs outside the store's lock: explored as
                // one step, the model checker spends its interleavings on the store's own synchronisation
                .addGuarantee(
                        ManagedStrategyGuaranteeKt.forClasses(JsonCodec.class.getName(), StoreLimits.class.getName())
                                .allMethods()
                                .treatAsAtomic())
                .check(InMemoryStoreLincheckTest.class);
    }

    @Test
    void is_linearizable_under_stress() {
        new StressOptions()
                .iterations(Integer.getInteger("escqrs-test.lincheck.iterations", 10))
                .invocationsPerIteration(Integer.getInteger("escqrs-test.lincheck.invocations", 100))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .check(InMemoryStoreLincheckTest.class);
    }
}
