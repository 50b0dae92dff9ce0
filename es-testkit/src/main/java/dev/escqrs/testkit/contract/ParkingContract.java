package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Per-aggregate parking ({@link BadRecords#PARK}), the same on every store: an event a projection or a reaction
 * cannot apply parks its aggregate while every other aggregate goes on; the checkpoint moves past it because the
 * entry is recorded; later events of the aggregate wait in order; automatic retries back off and stop at their bound;
 * an operator's retry applies the head and everything behind it, a skip is recorded and never applied; entries
 * survive a restart; a reaction's effects happen once across every retry; and the {@link Parking} port itself keeps
 * entries, requests and skips apart per runner. Subclass it with a fresh store, checkpoints and parking beside it;
 * stores with a table per aggregate type need tables for {@link #AGGREGATE_NAMES}.
 */
public abstract class ParkingContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of("Account", "Ledger", "Sample", Purse.NAME, "Tally");

    protected ParkingContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** Checkpoints beside {@code stores}, that no other test sees. */
    protected abstract Checkpoints checkpoints(Stores stores);

    /** Parking beside {@code stores}, durable as the store is, that no other test sees. */
    protected abstract Parking parking(Stores stores);

    /** A new, empty reaction ledger where the store keeps it. */
    protected abstract ReactionLedger newLedger(Stores stores);

    protected Stores stores;
    Checkpoints checkpoints;
    Parking parking;

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.of(ACCOUNT, Account.LEDGER, PURSE, TALLY));
        checkpoints = checkpoints(stores);
        parking = parking(stores);
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    // where it parks in ParkingFailingEvent, how it comes out again in ParkingRetriesAndSkips, which extends it
    @Nested
    class A_failing_event extends ParkingRetriesAndSkips {
        A_failing_event() {
            super(ParkingContract.this);
        }
    }

    @Nested
    class An_operator extends ParkingOperator {
        An_operator() {
            super(ParkingContract.this);
        }
    }

    @Nested
    class A_reaction extends ParkingReaction {
        A_reaction() {
            super(ParkingContract.this);
        }
    }

    @Nested
    class The_parking_port extends ParkingPort {
        The_parking_port() {
            super(ParkingContract.this);
        }
    }

    @Test
    void a_durable_projection_must_be_given_durable_parking() {
        RecordingProjection projection = new RecordingProjection();
        assertThatThrownBy(() -> ProjectionSpec.builder("durable", projection.durable(checkpoints))
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .badRecords(BadRecords.PARK)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parking(");
        assertThat(ProjectionSpec.builder("memory", projection)
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .badRecords(BadRecords.PARK)
                        .build()
                        .parking())
                .as("in memory by default")
                .isPresent();
    }
}
