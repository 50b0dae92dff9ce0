package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Tally;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ParkingContract.An_operator}: what an operator does to a running parking runner (retries some parked
 * aggregates, replays, moves the checkpoint), and that a reaction cannot be replayed.
 */
abstract class ParkingOperator extends ParkingGroup {
    ParkingOperator(ParkingContract contract) {
        super(contract);
    }

    @Test
    void retries_some_parked_aggregates_and_leaves_the_others_parked() throws Exception {
        write("b", 1);
        write("c", 1);
        write("d", 1);
        poisoned.addAll(List.of("Account#b@2", "Account#c@2", "Account#d@2"));
        RecordingProjection projection = poisonable();
        try (ProjectionRunner.Running running =
                runner("some", projection.durable(checkpoints)).start()) {
            Eventually.await(
                    "three accounts to be parked", () -> parking.parked("some").size() == 3);
            poisoned.clear();
            assertThat(running.retry(e -> !e.aggregateId().equals("d"), "ops")).isEqualTo(2);
            awaitVersions(projection, "b", List.of(1L, 2L));
            awaitVersions(projection, "c", List.of(1L, 2L));
            assertThat(parking.parked("some"))
                    .extracting(ParkedAggregate::aggregateId)
                    .containsExactly("d");
            assertThat(versions(projection, "d")).containsExactly(1L);
        }
    }

    @Test
    void replays_a_read_model_from_the_start() throws Exception {
        write("a", 2);
        RecordingProjection projection = new RecordingProjection();
        AtomicBoolean reset = new AtomicBoolean();
        Projection watched = new Projection() {
            public long appliedVersion(String aggregateName, String aggregateId) {
                return projection.appliedVersion(aggregateName, aggregateId);
            }

            public void apply(AggregateEvent<?> event) {
                projection.apply(event);
            }

            public void reset() {
                reset.set(true);
                projection.reset();
            }
        };
        try (ProjectionRunner.Running running = runner("replays", watched).start()) {
            awaitVersions(projection, "a", List.of(1L, 2L, 3L));
            running.replay();
            Eventually.await("the replay to reset the read model", reset::get);
            awaitVersions(projection, "a", List.of(1L, 2L, 3L));
            assertThat(projection.breaches()).isEmpty();
        }
    }

    @Test
    void moves_a_checkpoint_and_the_runner_tails_from_there() throws Exception {
        write("a", 1);
        RecordingProjection projection = new RecordingProjection();
        try (ProjectionRunner.Running running =
                runner("moves", projection.durable(checkpoints)).start()) {
            awaitVersions(projection, "a", List.of(1L, 2L));
            dev.escqrs.core.port.Checkpoint head = stores.feed().head();
            running.moveCheckpoint(head);
            Eventually.await(
                    "the checkpoint to be moved",
                    () -> checkpoints.load("moves").isPresent()
                            && running.checkpoint().isPresent());
            write("a", 1);
            awaitVersions(projection, "a", List.of(1L, 2L, 3L));
        }
    }

    @Test
    void cannot_replay_a_reaction() throws Exception {
        Reactor reactor = Reactor.builder(
                        "no-replay",
                        Reaction.builder()
                                .on(PURSE, Purse.Deposited.class, (event, deposited) -> List.of())
                                .build())
                .handlers(CommandHandler.builder(TALLY, Tally.DECIDER)
                        .store(stores.eventStore(), stores.reader())
                        .build())
                .ledger(newLedger(stores))
                .build();
        ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("no-replay", reactor)
                        .aggregates(PURSE)
                        .store(stores.eventStore())
                        .build())
                .feed(stores.feed())
                .build();
        try (ProjectionRunner.Running running = runner.start()) {
            assertThatThrownBy(running::replay)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("reaction");
        }
    }
}
