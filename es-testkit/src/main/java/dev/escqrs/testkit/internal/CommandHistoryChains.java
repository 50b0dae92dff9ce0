package dev.escqrs.testkit.internal;

import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The random histories of {@link CommandHistory} as jqwik action chains, one set of actions for every store: creates,
 * deposits with and without an expected version, keyed deposits, two writers at once, the store's faults and
 * restarts. Each adapter gives its store and the faults it can inject; jqwik is the caller's (test) dependency.
 */
public final class CommandHistoryChains {
    private CommandHistoryChains() {}

    /**
     * Chains of at most {@code steps} actions on the history {@code start} makes; a fault is one of {@code faults}
     * (names the history's fault injector knows), drawn with weight {@code faultWeight}.
     */
    public static Arbitrary<ActionChain<CommandHistory>> of(
            Supplier<CommandHistory> start, int steps, List<String> faults, int faultWeight) {
        return ActionChain.startWith(start)
                .withAction(new Create())
                .withAction(3, new Deposit())
                .withAction(2, new KeyedDeposit())
                .withAction(new Concurrent())
                .withAction(faultWeight, new Fault(faults))
                .withAction(new Restart())
                .withMaxTransformations(steps);
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.of(CommandHistory.IDS);
    }

    private static final class Create implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return ids().map(id -> Transformer.mutate("create " + id, h -> h.create(id)));
        }
    }

    private static final class Deposit implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Combinators.combine(ids(), Arbitraries.integers().between(1, 9), Arbitraries.of(true, false))
                    .as((id, amount, expected) -> Transformer.mutate(
                            "deposit %d to %s%s".formatted(amount, id, expected ? " at the version seen" : ""),
                            h -> h.deposit(id, amount, expected)));
        }
    }

    /** A deposit with one of three idempotency keys: repeats of a key, across faults and restarts, are replayed. */
    private static final class KeyedDeposit implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Combinators.combine(ids(), Arbitraries.integers().between(1, 3))
                    .as((id, key) -> Transformer.mutate(
                            "deposit %d to %s with key-%d".formatted(key, id, key), h -> h.keyedDeposit(id, key)));
        }
    }

    private static final class Concurrent implements Action.Dependent<CommandHistory> {
        @Override
        public boolean precondition(CommandHistory history) {
            return CommandHistory.IDS.stream().anyMatch(history::exists);
        }

        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer(CommandHistory history) {
            return Arbitraries.of(
                            CommandHistory.IDS.stream().filter(history::exists).toList())
                    .map(id -> Transformer.mutate("two writers on " + id, h -> h.concurrentDeposits(id)));
        }
    }

    private static final class Fault implements Action.Independent<CommandHistory> {
        private final List<String> faults;

        Fault(List<String> faults) {
            this.faults = List.copyOf(faults);
        }

        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Arbitraries.of(faults).map(fault -> Transformer.mutate("fault " + fault, h -> h.fault(fault)));
        }
    }

    private static final class Restart implements Action.Independent<CommandHistory> {
        @Override
        public Arbitrary<Transformer<CommandHistory>> transformer() {
            return Arbitraries.just(Transformer.mutate("restart", CommandHistory::restart));
        }
    }
}
