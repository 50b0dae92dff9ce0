package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Purse.PURSE_ROW_LIKE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Deposit;
import dev.escqrs.testkit.internal.Purse.Deposited;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Label;
import dev.escqrs.testkit.internal.Purse.Open;
import dev.escqrs.testkit.internal.Purse.Opened;
import dev.escqrs.testkit.internal.Purse.RowLike;
import dev.escqrs.testkit.scenario.Scenario;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One behaviour on every store, for values: what a store holds and what it refuses, each with one outcome pure, in
 * memory and on DynamoDB. Subclass it in each adapter's tests and give a fresh store, as for {@link StoreContract};
 * stores with a table per aggregate type need one for {@link #AGGREGATE_NAMES}. Its sibling for commands, rows and
 * releases is {@link StoreRowsContract}.
 *
 * <ul>
 *   <li>decimals compare by value and come back as DynamoDB returns them;</li>
 *   <li>what DynamoDB refuses (numbers out of range or precision, invalid Unicode, nesting, sizes) every store refuses,
 *       and so does a pure run, with the same exception and message, writing nothing;</li>
 *   <li>a state may have fields named like the row's own attributes.</li>
 * </ul>
 */
public abstract class StoreParityContract extends PurseStoreContract {
    protected StoreParityContract() {}

    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Purse.NAME);

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

            assertThat(stores.eventStore()
                            .events(PURSE, id)
                            .skip(1)
                            .map(e -> ((Deposited) e.payload()).amount())
                            .toList())
                    .as("decimals without trailing zeros, integral values as integers")
                    .containsExactly(dec("12.5"), dec("100"));
            assertThat(stores.reader().read(PURSE, id).orElseThrow().state().balance())
                    .isEqualTo(dec("112.5"));
        }
    }

    @Nested
    class PureRunsRefuseWhatStoresRefuse {
        @Test
        void a_decimal_past_38_significant_digits_fails_pure_as_on_the_store() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                scenario.given(new Opened("ann"))
                        .when(new Deposit(new BigDecimal(0.1))) // 0.1000000000000000055511151231257827... (55 digits)
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
        void an_event_and_a_state_that_fit_apart_but_not_together_fail_pure_as_on_the_store() {
            // 250 KB in the event and 250 KB in the state: each fits an item, together they do not, and DynamoDB's
            // one-item mode keeps them in one item; every store in every mode refuses it, so a type can switch modes
            String big = "x".repeat(250 * 1024);
            for (Scenario<Command, Event, Purse.Labels> scenario :
                    everywhere(Purse.PURSE_LABELS, Purse.DECIDER_LABELS)) {
                scenario.given(new Opened("ann"))
                        .when(new Label(Map.of("note", big)))
                        .thenThrows(LimitExceededException.class, "the aggregate's state are");
            }
        }

        @Test
        void given_events_no_store_holds_fail_pure_as_on_the_store() {
            for (Scenario<Command, Event, Balance> scenario : everywhere(PURSE, Purse.DECIDER)) {
                assertThatThrownBy(() -> scenario.given(new Opened("ann"), new Deposited(new BigDecimal(0.1)))
                                .when(new Deposit(dec("1")))
                                .thenThrows(EscqrsException.class, ""))
                        .as(scenario.toString())
                        .isInstanceOf(SerializationException.class)
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
            Purse.Labelled stored = (Purse.Labelled) stores.eventStore()
                    .events(PURSE, id)
                    .skip(1)
                    .findFirst()
                    .orElseThrow()
                    .payload();
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
            assertThatThrownBy(() -> purses.handle(CommandRequest.createWithId("p-bad", "ann", new Open("ann\uD83D"))))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Nothing was written");
            assertThat(stores.reader().read(PURSE, "p-bad")).isEmpty();
            assertThat(stores.eventStore().events(PURSE, "p-bad")).isEmpty();
        }

        @Test
        void an_id_that_is_not_valid_unicode() {
            var purses = handler(PURSE, Purse.DECIDER);
            assertThatThrownBy(() -> purses.handle(CommandRequest.createWithId("p\uD800", "ann", new Open("ann"))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("lone surrogate");
        }

        @Test
        void the_smallest_and_the_most_precise_numbers_dynamodb_holds_are_kept() {
            var purses = handler(PURSE, Purse.DECIDER);
            for (String amount : List.of(
                    "1E-130",
                    "1234567890123456789012345678901234567.8",
                    "-9.9999999999999999999999999999999999999E+125")) {
                String id = purses.create("ann", new Open("ann")).aggregate().id();
                purses.update(id, "ann", new Deposit(dec(amount)), 1);

                assertThat(stores.eventStore().events(PURSE, id).skip(1).map(e -> ((Deposited) e.payload()).amount()))
                        .usingElementComparator(BigDecimal::compareTo)
                        .containsExactly(dec(amount));
                assertThat(stores.reader().read(PURSE, id).orElseThrow().state().balance())
                        .isEqualByComparingTo(amount);
            }
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
            assertThat(read.state())
                    .isEqualTo(new RowLike("owner-1", 2, "actor", "yesterday", "today", "none", 7, "fine"));
        }
    }
}
