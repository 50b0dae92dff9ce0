package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Purse.PURSE_V2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Deposit;
import dev.escqrs.testkit.internal.Purse.Deposited;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Open;
import dev.escqrs.testkit.internal.Purse.Opened;
import dev.escqrs.testkit.scenario.Scenario;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link IdempotencyContract.Repeats}: a repeat is answered with the first outcome and writes nothing: after later
 * commands, expecting the version the first attempt saw, as a create without an id, from a handler holding a stale row,
 * in flight at once, after the row was rebuilt, and in a scenario, pure and on the store.
 */
abstract class IdempotencyRepeats extends IdempotencyGroup {
    IdempotencyRepeats(IdempotencyContract contract) {
        super(contract);
    }

    @Test
    void a_repeat_is_answered_with_the_first_outcome_and_writes_nothing() {
        String id = openPurse();
        CommandResult<Event, Balance> first =
                handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        CommandResult<Event, Balance> again =
                handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).as("the repeat is a replay").isTrue();
        assertThat(again.events()).as("the same events, ids and versions").isEqualTo(first.events());
        assertThat(again.aggregate()).isEqualTo(first.aggregate());
        assertThat(storedEvents(id)).as("opened and one deposit").isEqualTo(2);
    }

    @Test
    void a_repeat_after_later_commands_gets_the_aggregate_as_the_first_command_left_it() {
        String id = openPurse();
        CommandResult<Event, Balance> first =
                handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));
        handler().handle(deposit(id, "ann", "7"));

        CommandResult<Event, Balance> again =
                handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.aggregate().version()).isEqualTo(2);
        assertThat(again.aggregate().state().balance()).isEqualByComparingTo("5");
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(storedEvents(id)).isEqualTo(3);
    }

    @Test
    void a_repeat_that_expects_the_version_the_first_attempt_saw_is_answered_not_refused() {
        String id = openPurse();
        CommandResult<Event, Balance> first =
                handler().handle(deposit(id, "ann", "5").expectingVersion(1).withIdempotencyKey("req-1"));

        CommandResult<Event, Balance> again =
                handler().handle(deposit(id, "ann", "5").expectingVersion(1).withIdempotencyKey("req-1"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.events()).isEqualTo(first.events());
    }

    @Test
    void a_keyed_create_without_an_id_finds_the_aggregate_its_first_attempt_made() {
        CommandResult<Event, Balance> first = handler()
                .handle(CommandRequest.create("ann", (Command) new Open("ann")).withIdempotencyKey("signup-42"));

        CommandResult<Event, Balance> again = handler()
                .handle(CommandRequest.create("ann", (Command) new Open("ann")).withIdempotencyKey("signup-42"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.aggregate().id()).isEqualTo(first.aggregate().id());
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(storedEvents(first.aggregate().id())).isEqualTo(1);
    }

    @Test
    void a_repeat_whose_handler_holds_a_stale_row_is_answered_from_the_row_its_refused_append_returns() {
        String id = openPurse();
        CommandHandler<Command, Event, Balance> warm = CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .build();
        warm.handle(deposit(id, "ann", "1")); // warm caches the purse at version 2
        CommandResult<Event, Balance> first =
                handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        // warm decides on version 2 as if the key were new; its append is refused and the row returned names the key
        CommandResult<Event, Balance> again =
                warm.handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(storedEvents(id)).isEqualTo(3);
    }

    @Test
    void attempts_in_flight_at_once_take_effect_once() throws Exception {
        String id = openPurse();
        int attempts = 4;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Callable<CommandResult<Event, Balance>>> tasks = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                CommandHandler<Command, Event, Balance> own = handler();
                tasks.add(() -> own.handle(deposit(id, "ann", "5").withIdempotencyKey("req-1")));
            }
            List<CommandResult<Event, Balance>> results = new ArrayList<>();
            for (Future<CommandResult<Event, Balance>> done : pool.invokeAll(tasks)) {
                results.add(done.get());
            }
            assertThat(results)
                    .extracting(CommandResult::events)
                    .as("every attempt answers the one effect")
                    .containsOnly(results.getFirst().events());
            assertThat(results).filteredOn(r -> !r.replayed()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(storedEvents(id)).isEqualTo(2);
        assertThat(stores.reader().read(PURSE, id).orElseThrow().state().balance())
                .isEqualByComparingTo("5");
    }

    @Test
    void keys_are_remembered_by_a_row_rebuilt_from_the_events() {
        String id = openPurse();
        CommandResult<Event, Balance> first =
                handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));
        var released = CommandHandler.builder(PURSE_V2, Purse.DECIDER_V2)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();

        var again = released.handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));
        released.repair(id);
        var afterRepair = released.handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        assertThat(again.replayed()).as("answered from a row rebuilt in memory").isTrue();
        assertThat(afterRepair.replayed()).as("answered from the repaired row").isTrue();
        assertThat(afterRepair.events())
                .extracting(e -> e.eventId())
                .containsExactlyElementsOf(
                        first.events().stream().map(e -> e.eventId()).toList());
        assertThat(storedEvents(id)).isEqualTo(2);
    }

    @Test
    void a_scenario_that_repeats_a_keyed_command_has_one_outcome_pure_and_on_this_store() {
        for (Scenario<Command, Event, Balance> scenario :
                List.of(Scenario.pure(PURSE, Purse.DECIDER), Scenario.onStore(PURSE, Purse.DECIDER, fixture()))) {
            scenario.given(new Opened("ann"), new Deposited(new BigDecimal("2")))
                    .when(new Deposit(new BigDecimal("5")))
                    .repeatedWithKey("req-1")
                    .then(new Deposited(new BigDecimal("5")))
                    .thenState(balance -> assertThat(balance.balance()).isEqualByComparingTo("7"));
        }
    }
}
