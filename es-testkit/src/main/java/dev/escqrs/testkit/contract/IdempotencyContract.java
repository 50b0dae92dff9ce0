package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Purse.PURSE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Deposit;
import dev.escqrs.testkit.internal.Purse.Deposited;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Open;
import dev.escqrs.testkit.internal.Purse.Opened;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.scenario.TestClock;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    private final EventIds ids = EventIds.seeded(java.time.Clock.systemUTC(), 23);

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.create(Purse.TYPES));
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    private CommandHandler<Command, Event, Balance> handler() {
        return CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
    }

    private String openPurse() {
        return handler()
                .handle(CommandRequest.create("ann", new Open("ann")))
                .aggregate()
                .id();
    }

    private static CommandRequest<Command> deposit(String id, String actor, String amount) {
        return CommandRequest.update(id, actor, (Command) new Deposit(new BigDecimal(amount)));
    }

    private long storedEvents(String id) {
        try (var events = stores.eventStore().events(PURSE, id)) {
            return events.count();
        }
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
    void the_same_key_for_another_command_is_refused_and_writes_nothing() {
        String id = openPurse();
        handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        assertThatThrownBy(() -> handler().handle(deposit(id, "ann", "6").withIdempotencyKey("req-1")))
                .isInstanceOf(IdempotencyKeyReusedException.class)
                .hasMessageContaining("Purse " + id)
                .hasMessageContaining("versions 2 to 2")
                .hasMessageContaining("send a new key for a new command");
        assertThat(storedEvents(id)).isEqualTo(2);
    }

    @Test
    void a_key_is_its_actors_own() {
        String id = openPurse();
        handler().handle(deposit(id, "ann", "5").withIdempotencyKey("req-1"));

        CommandResult<Event, Balance> bobs =
                handler().handle(deposit(id, "bob", "5").withIdempotencyKey("req-1"));

        assertThat(bobs.replayed())
                .as("another actor's same key is another command")
                .isFalse();
        assertThat(bobs.aggregate().state().balance()).isEqualByComparingTo("10");
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
    void a_key_falls_out_of_the_window_after_the_newest_keyed_commands_and_then_runs_as_new() {
        String id = openPurse();
        handler().handle(deposit(id, "ann", "1").withIdempotencyKey("oldest"));
        for (int i = 0; i < KeyedCommand.MAX_REMEMBERED; i++) {
            handler().handle(deposit(id, "ann", "1").withIdempotencyKey("newer-" + i));
        }

        CommandResult<Event, Balance> late =
                handler().handle(deposit(id, "ann", "1").withIdempotencyKey("oldest"));
        CommandResult<Event, Balance> recent =
                handler().handle(deposit(id, "ann", "1").withIdempotencyKey("newer-1"));

        assertThat(late.replayed()).as("forgotten: runs again").isFalse();
        assertThat(recent.replayed()).isTrue();
        assertThat(stores.reader().read(PURSE, id).orElseThrow().meta().keyedCommands())
                .hasSize(KeyedCommand.MAX_REMEMBERED);
    }

    @Test
    void a_key_falls_out_of_the_window_a_day_after_its_command() {
        TestClock clock = TestClock.at(Instant.parse("2026-03-01T00:00:00Z"));
        var timed = CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(EventIds.seeded(clock, 5))
                .cacheSize(0)
                .build();
        String id = timed.handle(CommandRequest.create("ann", (Command) new Open("ann")))
                .aggregate()
                .id();
        timed.handle(deposit(id, "ann", "1").withIdempotencyKey("day-1"));
        clock.advance(Duration.ofHours(23));
        assertThat(timed.handle(deposit(id, "ann", "1").withIdempotencyKey("day-1"))
                        .replayed())
                .as("23 hours later: remembered")
                .isTrue();
        clock.advance(Duration.ofHours(2));
        timed.handle(deposit(id, "ann", "1")); // a change 25 hours after the keyed command

        assertThat(timed.handle(deposit(id, "ann", "1").withIdempotencyKey("day-1"))
                        .replayed())
                .as("after a change more than 24 hours later: forgotten")
                .isFalse();
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
