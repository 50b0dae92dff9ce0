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
import dev.escqrs.testkit.internal.CommandHistoryChains;
import dev.escqrs.testkit.internal.Purse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.ActionChain;

/**
 * Random histories of commands and faults on the in-memory store, checked against a model after every step
 * ({@link CommandHistory#check()}), as stateful property tests: creates, deposits with and without an expected
 * version, two writers at once, process restarts that drop the handler's cache, and the faults a store in the same
 * process can meet (it refuses a request before writing: throttled, unavailable). A failing history shrinks to a
 * minimal one, printed with the failure. {@code scripts/soak} runs more and longer histories
 * ({@code jqwik.tries.default}, {@code escqrs-test.history.steps}).
 */
class CommandHistoryPropertyTest {
    private static final int STEPS = Integer.getInteger("escqrs-test.history.steps", 25);

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
        return CommandHistoryChains.of(
                () -> {
                    FaultyStore store = new FaultyStore(new InMemoryEventStore(JsonCodec.create(Purse.TYPES)));
                    return new CommandHistory(store, store, store::arm);
                },
                STEPS,
                List.of("throttled", "unavailable"),
                1);
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
        public <E> Stream<AggregateEvent<E>> events(
                AggregateType<E, ?> type, String aggregateId, long fromVersion, ReadConsistency consistency) {
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
