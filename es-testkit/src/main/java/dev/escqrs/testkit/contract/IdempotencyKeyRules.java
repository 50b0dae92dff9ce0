package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Event;
import dev.escqrs.testkit.internal.Purse.Open;
import dev.escqrs.testkit.scenario.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link IdempotencyContract.KeyRules}: the same key for another command is refused, a key is its actor's own, and a key
 * falls out of the window after the newest keyed commands or a day after its command.
 */
abstract class IdempotencyKeyRules extends IdempotencyGroup {
    IdempotencyKeyRules(IdempotencyContract contract) {
        super(contract);
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
}
