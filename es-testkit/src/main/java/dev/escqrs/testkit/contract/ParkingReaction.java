package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ParkingRetries;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Tally;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link ParkingContract.A_reaction}: a parked reaction takes each effect once across every retry. */
abstract class ParkingReaction extends ParkingGroup {
    ParkingReaction(ParkingContract contract) {
        super(contract);
    }

    @Test
    void takes_each_effect_once_across_every_retry() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        Decider<Tally.Command, Tally.Event, Tally.State> flaky = new Decider<>() {
            public Tally.State initialState() {
                return Tally.DECIDER.initialState();
            }

            public List<Tally.Event> decide(Tally.Command command, Tally.State state) {
                if (broken.get()
                        && command instanceof Tally.Mark mark
                        && mark.token().startsWith("second")) {
                    throw new IllegalStateException("the second tally's handler has a bug");
                }
                return Tally.DECIDER.decide(command, state);
            }

            public Tally.State evolve(Tally.State state, Tally.Event event) {
                return Tally.DECIDER.evolve(state, event);
            }
        };
        CommandHandler<Tally.Command, Tally.Event, Tally.State> tallies = CommandHandler.builder(TALLY, flaky)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
        Reaction twice = Reaction.builder()
                .on(
                        PURSE,
                        Purse.Deposited.class,
                        (event, deposited) -> List.of(
                                Send.to(
                                        TALLY,
                                        CommandRequest.createOrUpdate(
                                                "first-" + event.aggregateId(),
                                                "reaction",
                                                new Tally.Mark("first@" + event.aggregateVersion()))),
                                Send.to(
                                        TALLY,
                                        CommandRequest.createOrUpdate(
                                                "second-" + event.aggregateId(),
                                                "reaction",
                                                new Tally.Mark("second@" + event.aggregateVersion())))))
                .build();
        Reactor reactor = Reactor.builder("twice", twice)
                .handlers(tallies)
                .ledger(newLedger(stores))
                .build();
        ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("twice", reactor)
                        .aggregates(PURSE)
                        .store(stores.eventStore())
                        .badRecords(BadRecords.PARK)
                        .parking(parking)
                        .retries(new ParkingRetries(Duration.ofSeconds(1), Duration.ofSeconds(1), 5, 25))
                        .build())
                .feed(stores.feed())
                .pollInterval(Duration.ofMillis(50))
                .clock(clock)
                .build();
        var purses = CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .build();
        String purse = purses.handle(CommandRequest.create("ann", (Purse.Command) new Purse.Open("ann")))
                .aggregate()
                .id();
        purses.handle(CommandRequest.update(purse, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
        try (ProjectionRunner.Running running = runner.start()) {
            Eventually.await(
                    "the purse to be parked",
                    () -> parking.find("twice", PURSE.name(), purse).isPresent());
            clock.advance(Duration.ofSeconds(1));
            Eventually.await(
                    "an automatic retry",
                    () -> parking.find("twice", PURSE.name(), purse)
                            .map(e -> e.attempts() >= 2)
                            .orElse(false));
            broken.set(false);
            clock.advance(Duration.ofSeconds(1));
            Eventually.await(
                    "the purse to be unparked",
                    () -> parking.find("twice", PURSE.name(), purse).isEmpty());
            assertThat(running.parked()).isEmpty();
        }
        assertThat(tallies.read("first-" + purse).orElseThrow().state().marks())
                .as("the first command was sent on every try, and took effect once")
                .isEqualTo(1);
        assertThat(tallies.read("second-" + purse).orElseThrow().state().marks())
                .isEqualTo(1);
    }
}
