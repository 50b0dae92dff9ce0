package dev.escqrs.testkit.store;

import dev.escqrs.core.codec.JsonCodec;

import java.util.function.Function;

/**
 * Gives a fresh, empty store for one test, through the codec the test chooses. One implementation per adapter;
 * store-backed scenarios and the {@link dev.escqrs.testkit.contract.EventStoreContract} run once per fixture.
 *
 * <pre>{@code
 * StoreFixture memory = StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec)));
 * }</pre>
 */
public interface StoreFixture {
    /** A short name, shown in test reports ("memory", "dynamodb"). */
    String name();

    /** A store with nothing in it, that no other test sees. */
    Stores create(JsonCodec codec);

    static StoreFixture of(String name, Function<JsonCodec, Stores> create) {
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
            public String toString() {
                return name;
            }
        };
    }
}
