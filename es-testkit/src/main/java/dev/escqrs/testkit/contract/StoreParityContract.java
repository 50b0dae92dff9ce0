package dev.escqrs.testkit.contract;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.BalanceV2;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Counted;
import dev.escqrs.testkit.internal.Purse.Deposit;
import dev.escqrs.testkit.internal.Purse.Deposited;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Label;
import dev.escqrs.testkit.internal.Purse.Nothing;
import dev.escqrs.testkit.internal.Purse.Open;
import dev.escqrs.testkit.internal.Purse.Opened;
import dev.escqrs.testkit.internal.Purse.RowLike;
import dev.escqrs.testkit.internal.Purse.Slim;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.store.Histories;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Purse.PURSE_COUNTED;
import static dev.escqrs.testkit.internal.Purse.PURSE_ROW_LIKE;
import static dev.escqrs.testkit.internal.Purse.PURSE_SLIM;
import static dev.escqrs.testkit.internal.Purse.PURSE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One behaviour on every store: the scenarios a new user hits in the first week, each with one outcome pure, in
 * memory and on DynamoDB. Subclass it in each adapter's tests and give a fresh store, as for
 * {@link StoreContract}; stores with a table per aggregate type need one for {@link #AGGREGATE_NAMES}.
 *
 * <ul>
 *   <li>decimals compare by value and come back as DynamoDB returns them;</li>
 *   <li>what DynamoDB refuses (numbers out of range or precision, invalid Unicode) every store refuses, with the same
 *       exception and message, writing nothing;</li>
 *   <li>a state may have fields named like the row's own attributes;</li>
 *   <li>a create that decides nothing is refused everywhere, an update that decides nothing is a no-op everywhere;</li>
 *   <li>a state class that changed between releases is rebuilt from the events, and {@code repair} rewrites a row.</li>
 * </ul>
 */
public abstract class StoreParityContract {
    protected StoreParityContract() {
    }

    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Purse.NAME);

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    protected Stores stores;
    private final EventIds ids = EventIds.seeded(Clock.systemUTC(), 11);

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.create(Purse.TYPES));
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    private <S> CommandHandler<Command, Event, S> handler(AggregateType<S, Event> type, Decider<Command, Event, S> decider) {
        return CommandHandler.builder(type, decider).store(stores.eventStore(), stores.reader()).eventIds(ids).cacheSize(0).build();
    }

    /** The same scenario pure and on a fresh store of this adapter. */
    private <S> List<Scenario<Command, Event, S>> everywhere(AggregateType<S, Event> type, Decider<Command, Event, S> decider) {
        return List.of(Scenario.pure(type, decider), Scenario.onStore(type, decider, fixture()));
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    /**
     * Writes a long history of the first release. By default through the store's own append in batches; a subclass
     * may write it faster where appends are slow on its test server, as long as it writes what appends would have.
     */
    protected <S, E> void writeLongHistory(Reducer<S, E> reducer, List<AggregateEvent<E>> events, Aggregate<S> last) {
        Histories.append(stores.eventStore(), reducer, events);
    }

    /** Writes a history of the first release: opened by ann, then the deposits. */
    private String firstReleaseHistory(String... deposits) {
        String id = "purse-" + ids.next();
        List<AggregateEvent<Event>> events = new ArrayList<>();
        events.add(new AggregateEvent<>(ids.next(), "PurseOpened", Purse.NAME, id, 1, "ann", new Opened("ann"),
                EventMetadata.NONE));
        for (String amount : deposits) {
            events.add(new AggregateEvent<>(ids.next(), "PurseDeposited", Purse.NAME, id, events.size() + 1, "ann",
                    new Deposited(dec(amount)), EventMetadata.NONE));
        }
        if (events.size() > 100) {
            writeLongHistory(Reducer.of(PURSE, Purse.DECIDER), events,
                    Reducer.of(PURSE, Purse.DECIDER).fold(Optional.empty(), events).orElseThrow());
        } else {
            Histories.append(stores.eventStore(), Reducer.of(PURSE, Purse.DECIDER), events);
        }
        return id;
    }

    @Nested
    class Decimals {
        @Test
        void a_decimal_deposit_has_one_outcome_pure_and_on_the_store() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.given(new Opened("ann"), new Deposited(dec("10.5")))
                        .when(new Deposit(dec("0.5")))
                        .then(new Deposited(dec("0.5")))
                        .thenStateIs(new Balance("ann", dec("11")))
                        .thenState(s -> assertThat(s.balance()).isEqualByComparingTo("11"));
            }
        }

        @Test
        void trailing_zeros_do_not_make_events_or_states_differ() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.given(new Opened("ann"), new Deposited(dec("10.50")))
                        .when(new Deposit(dec("0.50")))
                        .then(new Deposited(dec("0.50")))
                        .thenStateIs(new Balance("ann", dec("11.00")));
            }
        }

        @Test
        void a_stored_decimal_comes_back_as_dynamodb_returns_it() {
            var purses = handler(PURSE, Purse.DECIDER);
            String id = purses.create("ann", new Open("ann")).aggregate().id();
            purses.update(id, "ann", new Deposit(dec("12.50")), 1);
            purses.update(id, "ann", new Deposit(dec("1E+2")), 2);

            assertThat(stores.eventStore().events(PURSE, id).skip(1).map(e -> ((Deposited) e.payload()).amount()).toList())
                    .as("decimals without trailing zeros, integral values as integers")
                    .containsExactly(dec("12.5"), dec("100"));
            assertThat(stores.reader().read(PURSE, id).orElseThrow().state().balance()).isEqualTo(dec("112.5"));
        }
    }

    @Nested
    class PureRunsRefuseWhatStoresRefuse {
        @Test
        void a_decimal_past_38_significant_digits_fails_pure_as_on_the_store() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.given(new Opened("ann"))
                        .when(new Deposit(new BigDecimal(0.1)))     // 0.1000000000000000055511151231257827... (55 digits)
                        .thenThrows(SerializationException.class, "significant digits");
            }
        }

        @Test
        void an_event_over_400_kb_fails_pure_as_on_the_store() {
            String big = "x".repeat(500 * 1024);
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.given(new Opened("ann"))
                        .when(new Label(Map.of("note", big)))
                        .thenThrows(LimitExceededException.class, "400 KB, DynamoDB's item limit");
            }
        }

        @Test
        void given_events_no_store_holds_fail_pure_as_on_the_store() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                assertThatThrownBy(() -> scenario.given(new Opened("ann"), new Deposited(new BigDecimal(0.1)))
                        .when(new Deposit(dec("1"))).thenThrows(EscqrsException.class, ""))
                        .as(scenario.toString()).isInstanceOf(SerializationException.class)
                        .hasMessageContaining("significant digits");
            }
        }
    }

    @Nested
    class WhatDynamoDbRefusesEveryStoreRefuses {
        private void refused(String id, Command command, String messagePart) {
            var purses = handler(PURSE, Purse.DECIDER);
            long before = stores.reader().read(PURSE, id).orElseThrow().version();
            assertThatThrownBy(() -> purses.handle(CommandRequest.update(id, "ann", command)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(messagePart)
                    .hasMessageContaining("Nothing was written");
            assertThat(stores.reader().read(PURSE, id).orElseThrow().version()).isEqualTo(before);
            assertThat(stores.eventStore().events(PURSE, id).count()).isEqualTo(before);
        }

        @Test
        void numbers_outside_dynamodbs_range() {
            String id = firstReleaseHistory();
            refused(id, new Deposit(dec("1E-131")), "outside the range stores hold");
            refused(id, new Deposit(dec("1E+126")), "outside the range stores hold");
        }

        @Test
        void numbers_with_more_than_38_significant_digits() {
            String id = firstReleaseHistory();
            refused(id, new Deposit(dec("1.23456789012345678901234567890123456789")), "39 significant digits");
        }

        @Test
        void a_lone_surrogate_in_a_string_or_a_field_name() {
            String id = firstReleaseHistory();
            refused(id, new Label(Map.of("colour", "red\uD800")), "lone surrogate U+D800");
            refused(id, new Label(Map.of("\uDC00key", "red")), "lone surrogate U+DC00");
        }

        /** DynamoDB refuses documents nested deeper than 32 levels; moto does not check, so the codec must. */
        @Test
        void values_nested_deeper_than_dynamodb_holds() {
            String id = firstReleaseHistory();
            refused(id, new Label(nested(40)), "levels deep");

            handler(PURSE, Purse.DECIDER).update(id, "ann", new Label(nested(20)), 1);
            Purse.Labelled stored = (Purse.Labelled) stores.eventStore().events(PURSE, id).skip(1).findFirst()
                    .orElseThrow().payload();
            assertThat(stored.labels()).isEqualTo(nested(20));
        }

        private static Map<String, Object> nested(int levels) {
            Map<String, Object> value = Map.of("leaf", "x");
            for (int i = 1; i < levels; i++) {
                value = Map.of("n", value);
            }
            return value;
        }

        @Test
        void a_create_whose_state_is_not_valid_unicode_leaves_no_aggregate() {
            var purses = handler(PURSE, Purse.DECIDER);
            assertThatThrownBy(() -> purses.handle(CommandRequest.create("p-bad", "ann", new Open("ann\uD83D"))))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("Nothing was written");
            assertThat(stores.reader().read(PURSE, "p-bad")).isEmpty();
            assertThat(stores.eventStore().events(PURSE, "p-bad")).isEmpty();
        }

        @Test
        void an_id_that_is_not_valid_unicode() {
            var purses = handler(PURSE, Purse.DECIDER);
            assertThatThrownBy(() -> purses.handle(CommandRequest.create("p\uD800", "ann", new Open("ann"))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("lone surrogate");
        }

        @Test
        void the_smallest_and_the_most_precise_numbers_dynamodb_holds_are_kept() {
            var purses = handler(PURSE, Purse.DECIDER);
            for (String amount : List.of("1E-130", "1234567890123456789012345678901234567.8", "-9.9999999999999999999999999999999999999E+125")) {
                String id = purses.create("ann", new Open("ann")).aggregate().id();
                purses.update(id, "ann", new Deposit(dec(amount)), 1);

                assertThat(stores.eventStore().events(PURSE, id).skip(1).map(e -> ((Deposited) e.payload()).amount()))
                        .usingElementComparator(BigDecimal::compareTo).containsExactly(dec(amount));
                assertThat(stores.reader().read(PURSE, id).orElseThrow().state().balance()).isEqualByComparingTo(amount);
            }
        }
    }

    @Nested
    class Reads {
        @Test
        void an_eventually_consistent_history_read_returns_the_same_events() {
            String id = firstReleaseHistory("1", "2.5");
            List<AggregateEvent<Event>> strong = stores.eventStore().events(PURSE, id).toList();

            Eventually.await("an eventual read to show the history", () -> stores.eventStore()
                    .events(PURSE, id, 1, ReadConsistency.EVENTUAL).toList().equals(strong));
            assertThat(stores.eventStore().events(PURSE, id, 2, ReadConsistency.EVENTUAL).toList())
                    .isEqualTo(strong.subList(1, 3));
        }
    }

    @Nested
    class Creates {
        @Test
        void a_create_of_a_taken_id_is_already_exists_and_writes_nothing() {
            var purses = handler(PURSE, Purse.DECIDER);
            purses.handle(CommandRequest.create("p-taken", "ann", new Open("ann")));

            assertThatThrownBy(() -> purses.handle(CommandRequest.create("p-taken", "bob", new Open("bob"))))
                    .isInstanceOfSatisfying(dev.escqrs.core.error.ConflictException.class, e -> {
                        assertThat(e.kind()).isEqualTo(dev.escqrs.core.error.ConflictException.Kind.ALREADY_EXISTS);
                        assertThat(e.actualVersion()).contains(1L);
                    })
                    .hasMessage("Purse p-taken already exists (at version 1)");
            assertThat(stores.reader().read(PURSE, "p-taken").orElseThrow().state().owner()).isEqualTo("ann");
            assertThat(stores.eventStore().events(PURSE, "p-taken").count()).isEqualTo(1);
        }
    }

    @Nested
    class StateFieldNames {
        @Test
        void a_state_may_have_fields_named_like_the_rows_own_attributes() {
            var purses = handler(PURSE_ROW_LIKE, Purse.DECIDER_ROW_LIKE);
            String id = purses.create("ann", new Open("owner-1")).aggregate().id();
            purses.update(id, "bob", new Deposit(dec("1")), 1);

            Aggregate<RowLike> read = stores.reader().read(PURSE_ROW_LIKE, id).orElseThrow();
            assertThat(read.version()).as("the aggregate's version").isEqualTo(2);
            assertThat(read.meta().actorId()).isEqualTo("bob");
            assertThat(read.state()).isEqualTo(new RowLike("owner-1", 2, "actor", "yesterday", "today", "none", 7, "fine"));
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
            assertThatThrownBy(() -> purses.handle(CommandRequest.create("p-nothing", "ann", new Nothing())))
                    .isInstanceOf(EscqrsException.class);
            assertThat(stores.reader().read(PURSE, "p-nothing")).isEmpty();
        }

        @Test
        void an_update_that_decides_nothing_is_a_no_op_everywhere() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.given(new Opened("ann")).when(new Nothing()).thenNothing()
                        .thenStateIs(new Balance("ann", BigDecimal.ZERO));
            }
        }
    }

    @Nested
    class StateThatChangesBetweenReleases {
        @Test
        void a_new_primitive_field_is_rebuilt_from_the_events_and_the_next_command_writes_the_new_row() {
            String id = firstReleaseHistory("10.5", "0.5");
            assertThatThrownBy(() -> stores.reader().read(PURSE_V2, id)).isInstanceOf(UnreadableStateException.class)
                    .hasMessageContaining("Purse " + id).hasMessageContaining("version 3")
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

            assertThat(stores.reader().read(PURSE_SLIM, id).orElseThrow().state().balance()).isEqualByComparingTo("5");
        }

        @Test
        void a_declared_state_version_rebuilds_rows_that_would_still_read() {
            String id = firstReleaseHistory("1", "2", "3");
            var counted = handler(PURSE_COUNTED, Purse.DECIDER_COUNTED);

            assertThat(counted.read(id).orElseThrow().state()).as("deposits counted, not read as null from the old row")
                    .isEqualTo(new Counted("ann", dec("6"), 3));
            counted.update(id, "ann", new Deposit(dec("4")), 4);
            assertThat(stores.reader().read(PURSE_COUNTED, id).orElseThrow().state().deposits()).isEqualTo(4);
            assertThatThrownBy(() -> stores.reader().read(PURSE, id)).as("the first release now finds a newer row")
                    .isInstanceOf(UnreadableStateException.class).hasMessageContaining("state version 2");
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
            assertThat(stores.reader().read(PURSE_V2, id)).as("the row now reads without a rebuild").contains(repaired);
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
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("Purse no-such-purse not found");
        }
    }
}
