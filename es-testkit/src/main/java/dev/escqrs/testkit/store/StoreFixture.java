package dev.escqrs.testkit.store;

import dev.escqrs.core.codec.JsonCodec;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Gives a fresh, empty store for one test, through the codec the test chooses, and says which capabilities the store
 * has. One implementation per adapter; store-backed scenarios and the contracts of
 * {@link dev.escqrs.testkit.contract} run once per fixture, each contract only on a fixture that declares its
 * capability (a contract run on a fixture that does not declare it fails, saying so, rather than skip).
 *
 * <pre>{@code
 * StoreFixture memory = StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec)));
 * StoreFixture mine = StoreFixture.of("mine", codec -> ..., Capability.APPEND, Capability.READ_EVENTS);
 * }</pre>
 */
public interface StoreFixture {
    /** What a store can do, one contract each. */
    enum Capability {
        /** {@code AppendEvents} and {@code AggregateReader}: atomic appends with optimistic concurrency. */
        APPEND,
        /** {@code ReadAggregateEvents}: one aggregate's history, in version order. */
        READ_EVENTS,
        /** {@code EventStore.eventsByName}: the events of one name, in event id order. */
        EVENTS_BY_NAME,
        /** {@code ChangeFeed}: every appended event, at least once, from a checkpoint. */
        CHANGE_FEED,
        /**
         * {@code AppendEvents} refuses a batch built on a version the aggregate is not at although the next version is
         * free (a batch that skips ahead). DynamoDB's one-item mode does not: its lock is the free (aggregate, version)
         * slot alone, and it trusts the batch's base version, which {@code CommandHandler} always read. A fixture
         * without it is held to that instead.
         */
        REFUSES_SKIPPING_AHEAD
    }

    /** A short name, shown in test reports ("memory", "dynamodb"). */
    String name();

    /** A store with nothing in it, that no other test sees; closing it releases what it opened. */
    Stores create(JsonCodec codec);

    /** What the store supports (default: everything). */
    default Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    /** A fixture with every capability, or only {@code capabilities} when given. */
    static StoreFixture of(String name, Function<JsonCodec, Stores> create, Capability... capabilities) {
        Set<Capability> supported = capabilities.length == 0
                ? EnumSet.allOf(Capability.class)
                : EnumSet.copyOf(java.util.List.of(capabilities));
        return new StoreFixture() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Stores create(JsonCodec codec) {
                return create.apply(codec);
            }

            @Override
            public Set<Capability> capabilities() {
                return supported;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
