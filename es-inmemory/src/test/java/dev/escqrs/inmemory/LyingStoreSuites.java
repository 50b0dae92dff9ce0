package dev.escqrs.inmemory;

import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.contract.AppendContract;
import dev.escqrs.testkit.contract.ChangeFeedContract;
import dev.escqrs.testkit.contract.EventsByNameContract;
import dev.escqrs.testkit.contract.IdempotencyContract;
import dev.escqrs.testkit.contract.ProjectionContract;
import dev.escqrs.testkit.contract.ReactionContract;
import dev.escqrs.testkit.contract.ReadEventsContract;
import dev.escqrs.testkit.contract.StoreParityContract;
import dev.escqrs.testkit.contract.StoreRowsContract;
import dev.escqrs.testkit.internal.LyingStore;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;

/**
 * The contract suites on a {@link LyingStore}, run only by {@link ContractsCanFailTest} through the JUnit launcher (the
 * class names do not match the build's test patterns, so the build never runs them on their own).
 */
final class LyingStoreSuites {
    /** The store the next launch runs on, and how it lies. */
    static volatile StoreFixture current;

    static volatile LyingStore.Lie lie;

    private LyingStoreSuites() {}

    static final class Appends extends AppendContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class Reads extends ReadEventsContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class ByName extends EventsByNameContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class Feed extends ChangeFeedContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class Parity extends StoreParityContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class Rows extends StoreRowsContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class Idempotency extends IdempotencyContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class Reactions extends ReactionContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }

        @Override
        protected ReactionLedger newLedger() {
            return ReactionLedger.inMemory();
        }
    }

    static final class Projections extends ProjectionContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }

        @Override
        protected Checkpoints checkpoints(Stores stores) {
            // a store that does nothing keeps no checkpoints either
            return lie == LyingStore.Lie.DOES_NOTHING
                    ? new Checkpoints() {
                        @Override
                        public java.util.Optional<dev.escqrs.core.port.Checkpoint> load(String consumer) {
                            return java.util.Optional.empty();
                        }

                        @Override
                        public void save(String consumer, dev.escqrs.core.port.Checkpoint checkpoint) {}

                        @Override
                        public void delete(String consumer) {}
                    }
                    : new InMemoryCheckpoints();
        }
    }
}
