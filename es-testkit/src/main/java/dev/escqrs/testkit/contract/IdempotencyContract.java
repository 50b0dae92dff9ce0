package dev.escqrs.testkit.contract;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Idempotent commands, the same on every store: a command sent again with the same idempotency key by the same actor
 * is answered with the first outcome and writes nothing, across handlers (a restart), after later commands, after a
 * rebuilt row, and when both attempts are in flight at once; the same key for another command is refused. Each test
 * sends the repeat through a handler with no cache, so the answer comes from what the store holds.
 */
public abstract class IdempotencyContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Purse.NAME);

    protected IdempotencyContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    protected Stores stores;

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.create(Purse.TYPES));
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    @Nested
    class Repeats extends IdempotencyRepeats {
        Repeats() {
            super(IdempotencyContract.this);
        }
    }

    @Nested
    class KeyRules extends IdempotencyKeyRules {
        KeyRules() {
            super(IdempotencyContract.this);
        }
    }
}
