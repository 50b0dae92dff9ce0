package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Purse.PURSE_COUNTED;
import static dev.escqrs.testkit.internal.Purse.PURSE_SLIM;
import static dev.escqrs.testkit.internal.Purse.PURSE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.BalanceV2;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Counted;
import dev.escqrs.testkit.internal.Purse.Deposit;
import dev.escqrs.testkit.internal.Purse.Deposited;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Nothing;
import dev.escqrs.testkit.internal.Purse.Open;
import dev.escqrs.testkit.internal.Purse.Opened;
import dev.escqrs.testkit.scenario.Scenario;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One behaviour on every store, for commands, rows and releases, each with one outcome pure, in memory and on
 * DynamoDB. Subclass it in each adapter's tests and give a fresh store, as for {@link StoreContract}; stores with a
 * table per aggregate type need one for {@link #AGGREGATE_NAMES}.
 *
 * <ul>
 *   <li>reads and creates behave alike (a create of a taken id, a bad id);</li>
 *   <li>a create that decides nothing is refused everywhere, an update that decides nothing is a no-op everywhere;</li>
 *   <li>a state class that changed between releases is rebuilt from the events, and {@code repair} rewrites a row.</li>
 * </ul>
 */
public abstract class StoreRowsContract extends PurseStoreContract {
    protected StoreRowsContract() {}

    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Purse.NAME);

    @Nested
    class Reads {
        @Test
        void an_eventually_consistent_history_read_returns_the_same_events() {
            String id = firstReleaseHistory("1", "2.5");
            List<AggregateEvent<Event>> strong =
                    stores.eventStore().events(PURSE, id).toList();

            Eventually.await(
                    "an eventual read to show the history",
                    () -> stores.eventStore()
                            .events(PURSE, id, 1, ReadConsistency.EVENTUAL)
                            .toList()
                            .equals(strong));
            assertThat(stores.eventStore()
                            .events(PURSE, id, 2, ReadConsistency.EVENTUAL)
                            .toList())
                    .isEqualTo(strong.subList(1, 3));
        }
    }

    @Nested
    class Creates {
        @Test
        void a_create_of_a_taken_id_is_already_exists_and_writes_nothing() {
            var purses = handler(PURSE, Purse.DECIDER);
            purses.handle(CommandRequest.createWithId("p-taken", "ann", new Open("ann")));

            assertThatThrownBy(() -> purses.handle(CommandRequest.createWithId("p-taken", "bob", new Open("bob"))))
                    .isInstanceOfSatisfying(dev.escqrs.core.error.ConflictException.class, e -> {
                        assertThat(e.kind()).isEqualTo(dev.escqrs.core.error.ConflictException.Kind.ALREADY_EXISTS);
                        assertThat(e.actualVersion()).contains(1L);
                    })
                    .hasMessage("Purse p-taken already exists (at version 1)");
            assertThat(stores.reader()
                            .read(PURSE, "p-taken")
                            .orElseThrow()
                            .state()
                            .owner())
                    .isEqualTo("ann");
            assertThat(stores.eventStore().events(PURSE, "p-taken").count()).isEqualTo(1);
        }
    }

    @Nested
    class CommandsThatDecideNothing {
        @Test
        void a_create_that_decides_nothing_is_refused_everywhere_and_writes_nothing() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.when(new Nothing()).thenThrows(EscqrsException.class, "a create must decide at least one");
            }
            var purses = handler(PURSE, Purse.DECIDER);
            assertThatThrownBy(() -> purses.handle(CommandRequest.createWithId("p-nothing", "ann", new Nothing())))
                    .isInstanceOf(EscqrsException.class);
            assertThat(stores.reader().read(PURSE, "p-nothing")).isEmpty();
        }

        @Test
        void an_update_that_decides_nothing_is_a_no_op_everywhere() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.given(new Opened("ann"))
                        .when(new Nothing())
                        .thenNothing()
                        .thenStateIs(new Balance("ann", BigDecimal.ZERO));
            }
        }
    }

    @Nested
    class StateThatChangesBetweenReleases {
        @Test
        void a_new_primitive_field_is_rebuilt_from_the_events_and_the_next_command_writes_the_new_row() {
            String id = firstReleaseHistory("10.5", "0.5");
            assertThatThrownBy(() -> stores.reader().read(PURSE_V2, id))
                    .isInstanceOf(UnreadableStateException.class)
                    .hasMessageContaining("Purse " + id)
                    .hasMessageContaining("version 3")
                    .as("says what to do, not Jackson's advice to loosen the mapper")
                    .hasMessageContaining("Read it through the CommandHandler")
                    .hasMessageContaining("CommandHandler.repair(id)")
                    .hasMessageNotContaining("DeserializationFeature");
            var v2 = handler(PURSE_V2, Purse.DECIDER_V2);

            assertThat(v2.read(id).orElseThrow().state()).isEqualTo(new BalanceV2("ann", dec("11.0"), 2));
            v2.update(id, "ann", new Deposit(dec("1")), 3);

            Aggregate<BalanceV2> row = stores.reader().read(PURSE_V2, id).orElseThrow();
            assertThat(row.version()).isEqualTo(4);
            assertThat(row.state().deposits()).isEqualTo(3);
            assertThat(row.state().balance()).isEqualByComparingTo("12");
        }

        @Test
        void a_removed_field_is_rebuilt_too() {
            String id = firstReleaseHistory("2");
            var slim = handler(PURSE_SLIM, Purse.DECIDER_SLIM);

            slim.update(id, "ann", new Deposit(dec("3")), 2);

            assertThat(stores.reader()
                            .read(PURSE_SLIM, id)
                            .orElseThrow()
                            .state()
                            .balance())
                    .isEqualByComparingTo("5");
        }

        @Test
        void a_declared_state_version_rebuilds_rows_that_would_still_read() {
            String id = firstReleaseHistory("1", "2", "3");
            var counted = handler(PURSE_COUNTED, Purse.DECIDER_COUNTED);

            assertThat(counted.read(id).orElseThrow().state())
                    .as("deposits counted, not read as null from the old row")
                    .isEqualTo(new Counted("ann", dec("6"), 3));
            counted.update(id, "ann", new Deposit(dec("4")), 4);
            assertThat(stores.reader()
                            .read(PURSE_COUNTED, id)
                            .orElseThrow()
                            .state()
                            .deposits())
                    .isEqualTo(4);
            assertThatThrownBy(() -> stores.reader().read(PURSE, id))
                    .as("the first release now finds a newer row")
                    .isInstanceOf(UnreadableStateException.class)
                    .hasMessageContaining("state version 2");
        }

        @Test
        void the_rebuilt_outcome_is_the_pure_outcome() {
            String id = firstReleaseHistory("10.5", "0.5");
            var result = handler(PURSE_V2, Purse.DECIDER_V2).update(id, "ann", new Deposit(dec("0.25")), 3);

            Scenario.pure(PURSE_V2, Purse.DECIDER_V2)
                    .given(new Opened("ann"), new Deposited(dec("10.5")), new Deposited(dec("0.5")))
                    .when(new Deposit(dec("0.25")))
                    .then(result.events().stream().map(AggregateEvent::payload).toArray(Event[]::new))
                    .thenStateIs(result.aggregate().state());
        }

        @Test
        void an_aggregate_of_1000_events_is_rebuilt() {
            String[] deposits = new String[999];
            java.util.Arrays.fill(deposits, "0.01");
            String id = firstReleaseHistory(deposits);

            var result = handler(PURSE_V2, Purse.DECIDER_V2).update(id, "ann", new Deposit(dec("0.01")), 1000);

            assertThat(result.aggregate().version()).isEqualTo(1001);
            assertThat(stores.reader().read(PURSE_V2, id).orElseThrow().state())
                    .satisfies(s -> assertThat(s.deposits()).isEqualTo(1000))
                    .satisfies(s -> assertThat(s.balance()).isEqualByComparingTo("10"));
        }
    }

    @Nested
    class Repair {
        @Test
        void repair_rewrites_a_row_from_the_events_without_writing_an_event() {
            String id = firstReleaseHistory("1", "2");
            var v2 = handler(PURSE_V2, Purse.DECIDER_V2);

            Aggregate<BalanceV2> repaired = v2.repair(id);

            assertThat(repaired.version()).isEqualTo(3);
            assertThat(stores.reader().read(PURSE_V2, id))
                    .as("the row now reads without a rebuild")
                    .contains(repaired);
            assertThat(stores.eventStore().events(PURSE_V2, id).count()).isEqualTo(3);
        }

        @Test
        void repairing_a_sound_row_changes_nothing() {
            String id = firstReleaseHistory("1");
            Optional<Aggregate<Balance>> before = stores.reader().read(PURSE, id);

            handler(PURSE, Purse.DECIDER).repair(id);

            assertThat(stores.reader().read(PURSE, id)).isEqualTo(before);
        }

        @Test
        void repairing_an_aggregate_that_does_not_exist_is_not_found() {
            assertThatThrownBy(() -> handler(PURSE, Purse.DECIDER).repair("no-such-purse"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Purse no-such-purse not found");
        }
    }
}
