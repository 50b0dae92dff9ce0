package dev.escqrs.inmemory;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.testkit.internal.CommandHistory;
import dev.escqrs.testkit.internal.Purse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * Random histories of commands and faults on the in-memory store, checked against a model after every step
 * ({@link CommandHistory#check()}), as stateful property tests: creates, deposits with and without an expected
 * version, two writers at once, process restarts that drop the handler's cache, and the faults a store in the same
 * process can meet (it refuses a request before writing: throttled, unavailable). A failing history shrinks to a
 * minimal one, printed with the failure. {@code scripts/soak} runs more and longer histories
 * ({@code jqwik.tries.default}, {@code escqrs.history.steps}).
 */
class CommandHistoryPropertyTest {
    private static final int STEPS = Integer.getInteger("escqrs.history.steps", 25);

    // tries: jqwik.tries.default (60 in junit-platform.properties; scripts/soak sets more)
    @Property
    void every_history_keeps_the_promises(@ForAll("histories") ActionChain<CommandHistory> chain) {
        chain.withInvariant(CommandHistory::check).run();
    }

    @AfterContainer
    static void figures() {
        System.out.println("in-memory histories: " + CommandHistory.totals());
    }

    @Provide
    Arbitrary<ActionChain<CommandHistory>> histories() {
        return ActionChain.<CommandHistory>startWith(() -> {
                    FaultyStore store = new FaultyStore(new InMemoryEventStore(JsonCodec.create(Purse.TYPES)));
                    return new CommandHistory(store, store, store::arm);
                })
                .withAction(new Create())
                .withAction(3, new Deposit())
                .withAction(2, new KeyedDeposit())
                .withAction(new Concurrent())
                .withAction(new Fault())
                .withAction(new Restart())
                .withMaxTransformations(STEPS);
    }

    static Arbitrary<String> ids() {
        return Arbitraries.of(CommandHistory.IDS);
    }

    static final class Create implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return ids().map(id -> Transformer.mutate("create " + id, h -> h.create(id)));
        }
    }

    static final class Deposit implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return net.jqwik.api.Combinators.combine(ids(), Arbitraries.integers().between(1, 9), Arbitraries.of(true, false))
                    .as((id, amount, expected) -> Transformer.mutate("deposit %d to %s%s".formatted(amount, id,
                            expected ? " at the version seen" : ""), h -> h.deposit(id, amount, expected)));
        }
    }

    /** A deposit with one of three idempotency keys: repeats of a key, across faults and restarts, are replayed. */
    static final class KeyedDeposit implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return net.jqwik.api.Combinators.combine(ids(), Arbitraries.integers().between(1, 3))
                    .as((id, key) -> Transformer.mutate("deposit %d to %s with key-%d".formatted(key, id, key),
                            h -> h.keyedDeposit(id, key)));
        }
    }

    static final class Concurrent implements Action.Dependent<CommandHistory> {
        @Override
        public boolean precondition(CommandHistory history) {
            return CommandHistory.IDS.stream().anyMatch(history::exists);
        }

        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer(CommandHistory history) {
            return Arbitraries.of(CommandHistory.IDS.stream().filter(history::exists).toList())
                    .map(id -> Transformer.mutate("two writers on " + id, h -> h.concurrentDeposits(id)));
        }
    }

    static final class Fault implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Arbitraries.of("throttled", "unavailable")
                    .map(fault -> Transformer.mutate("fault " + fault, h -> h.fault(fault)));
        }
    }

    static final class Restart implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Arbitraries.just(Transformer.mutate("restart", CommandHistory::restart));
        }
    }

    /** The in-memory store, refusing the next append as armed, before it writes (what a store in-process can meet). */
    static final class FaultyStore implements EventStore, AggregateReader {
        private final InMemoryEventStore store;
        private final ConcurrentLinkedQueue<String> armed = new ConcurrentLinkedQueue<>();

        FaultyStore(InMemoryEventStore store) {
            this.store = store;
        }

        void arm(String fault) {
            armed.add(fault);
        }

        @Override
        public <E, S> void append(AppendBatch<E, S> batch) {
            String fault = armed.poll();
            if (fault != null) {
                throw new StoreUnavailableException("injected: " + fault + "; nothing was written", null);
            }
            store.append(batch);
        }

        @Override
        public <S> Optional<Aggregate<S>> read(AggregateType<?, S> type, String aggregateId) {
            return store.read(type, aggregateId);
        }

        @Override
        public <E> Stream<AggregateEvent<E>> events(AggregateType<E, ?> type, String aggregateId, long fromVersion,
                                                    ReadConsistency consistency) {
            return store.events(type, aggregateId, fromVersion, consistency);
        }

        @Override
        public Stream<AggregateEvent<Object>> eventsByName(String eventName) {
            return store.eventsByName(eventName);
        }

        @Override
        public Stream<AggregateEvent<Object>> allEvents(Set<String> aggregateNames, int segment, int totalSegments) {
            return store.allEvents(aggregateNames, segment, totalSegments);
        }

        @Override
        public <S> boolean rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId) {
            return store.rewrite(type, rebuilt, lastEventId);
        }
    }
}
