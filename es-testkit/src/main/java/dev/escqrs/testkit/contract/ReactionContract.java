package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Tally.TALLY;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Reactions, the same on every store: a reactor (here: each deposit into a purse marks its tally) fed at least once,
 * twice, out of order, after a crash between sending and recording, long after the target forgot its keys, and under
 * the projection runner across restarts, takes each effect once; a refused command is skipped and reported.
 */
public abstract class ReactionContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Purse.NAME, "Tally");

    protected ReactionContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** A new, empty ledger where the store keeps it (each call: a fresh one). */
    protected abstract ReactionLedger newLedger();

    protected Stores stores;

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.of(PURSE, TALLY));
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    /** Where the store keeps leases (in memory unless the adapter has its own, as DynamoDB's checkpoint table). */
    protected Leases leases() {
        return Leases.inMemory();
    }

    @Nested
    class AtLeastOnce extends ReactionAtLeastOnce {
        AtLeastOnce() {
            super(ReactionContract.this);
        }
    }

    @Nested
    class UnderTheRunner extends ReactionUnderTheRunner {
        UnderTheRunner() {
            super(ReactionContract.this);
        }
    }
}
