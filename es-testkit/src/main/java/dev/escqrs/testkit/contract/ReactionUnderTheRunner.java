package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.port.Lease;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Tally;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ReactionContract.UnderTheRunner}: under the projection runner, effects survive restarts and a rebuilt position, and
 * of replicas under one lease one reacts and another takes over when it dies, each effect once.
 */
abstract class ReactionUnderTheRunner extends ReactionGroup {
    ReactionUnderTheRunner(ReactionContract contract) {
        super(contract);
    }

    @Test
    void under_the_projection_runner_effects_survive_restarts_and_a_rebuild_of_its_position() {
        String a = purse(2);
        ReactionLedger ledger = newLedger();
        ProjectionRunner.Running first = runner(ledger).start();
        try {
            purses().handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
            Eventually.await("the tally to count 3 deposits", () -> marks(a) == 3);
        } finally {
            first.close();
        }
        String b = purse(1);
        ledger.checkpoints().delete("tally"); // its position lost: the next runner catches up from the store
        try (ProjectionRunner.Running running = runner(ledger).start()) {
            Eventually.await("the second purse's deposit to be counted", () -> marks(b) == 1);
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(marks(a))
                .as("nothing counted twice across the restart and the catch-up")
                .isEqualTo(3);
        Aggregate<Tally.State> tally =
                stores.reader().read(TALLY, "tally-of-" + a).orElseThrow();
        assertThat(tally.version()).isEqualTo(3);
    }

    @Test
    void of_three_replicas_under_one_lease_one_reacts_and_when_it_dies_another_takes_over_each_effect_once()
            throws InterruptedException {
        String a = purse(2);
        ReactionLedger ledger = newLedger();
        Leases shared = leases();
        Set<String> dead = ConcurrentHashMap.newKeySet();
        Leases leases = new Leases() { // a dead replica neither renews nor releases: the others wait for expiry
                    @Override
                    public Optional<Lease> acquire(String name, String holder, Duration duration) {
                        return dead.contains(holder) ? Optional.empty() : shared.acquire(name, holder, duration);
                    }

                    @Override
                    public void release(String name, String holder) {
                        if (!dead.contains(holder)) {
                            shared.release(name, holder);
                        }
                    }
                };
        Map<String, ProjectionRunner.Running> replicas = new LinkedHashMap<>();
        String b;
        try {
            for (String replica : List.of("replica-1", "replica-2", "replica-3")) {
                replicas.put(
                        replica,
                        runnerBuilder(ledger)
                                .lease(leases, replica, Duration.ofMillis(900))
                                .build()
                                .start());
            }
            Eventually.await("one replica to count the 2 deposits", () -> marks(a) == 2);
            Eventually.await(
                    "one replica to run and two to stand by",
                    () -> replicas.values().stream()
                                    .filter(r -> r.status().phase() == ProjectionRunner.Phase.STANDBY)
                                    .count()
                            == 2);
            String holder = replicas.entrySet().stream()
                    .filter(r -> r.getValue().status().phase() != ProjectionRunner.Phase.STANDBY)
                    .findFirst()
                    .orElseThrow()
                    .getKey();

            dead.add(holder); // killed mid-stream: more deposits come while nobody holds the lease
            replicas.remove(holder).close();
            purses().handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
            b = purse(3);

            Eventually.await(
                    "a standby replica to take over and count every deposit", () -> marks(a) == 3 && marks(b) == 3);
            assertThat(replicas.values().stream().filter(r -> r.status().phase() != ProjectionRunner.Phase.STANDBY))
                    .hasSize(1);
        } finally {
            replicas.values().forEach(ProjectionRunner.Running::close);
        }
        assertThat(stores.reader().read(TALLY, "tally-of-" + a).orElseThrow().version())
                .as("each deposit marked once")
                .isEqualTo(3);
        assertThat(stores.reader().read(TALLY, "tally-of-" + b).orElseThrow().version())
                .isEqualTo(3);
    }
}
