package dev.escqrs.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.testkit.race.RaceChecker;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.Test;

/** Real parallel load, then every invariant: 8 threads x 2,000 commands over 4 aggregates with random stale versions, and a busy aggregate. */
class InMemoryRaceCheckerTest {
    @Test
    void eight_threads_of_2000_commands_over_4_aggregates_keep_every_invariant() throws Exception {
        RaceChecker.Report report = RaceChecker.on(
                        StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec))))
                .threads(8)
                .commandsPerThread(2_000)
                .aggregates(4)
                .seed(20261126)
                .run();

        assertThat(report.gaveUp())
                .as("commands that gave up under RetryPolicy.DEFAULT")
                .isZero();
        assertThat(report.versionMismatches())
                .as("stale caller versions were refused")
                .isPositive();
        assertThat(report.retried()).as("lost races were retried").isPositive();
    }

    /** A busy aggregate: 8 writers x 200 commands on one aggregate, every command a pure race, the default policy. */
    @Test
    void eight_writers_on_one_aggregate_never_give_up_under_the_default_policy() throws Exception {
        // rounds: 1, or -Descqrs-test.race.rounds=N (scripts/race-under-load), each with its own seed
        for (int round = 1; round <= Integer.getInteger("escqrs-test.race.rounds", 1); round++) {
            RaceChecker.Report report = RaceChecker.on(
                            StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec))))
                    .threads(8)
                    .commandsPerThread(200)
                    .aggregates(1)
                    .expectedVersions(false)
                    .seed(10 + round)
                    .run();
            System.out.printf(
                    "race round %d (memory, 8 writers x 200): gave up %d, most attempts %d, longest %d ms%n",
                    round,
                    report.gaveUp(),
                    report.mostAttempts(),
                    report.longest().toMillis());

            assertThat(report.gaveUp())
                    .as("commands that gave up under RetryPolicy.DEFAULT")
                    .isZero();
            assertThat(report.acknowledged()).isEqualTo(1_600);
            assertThat(report.retried()).as("the writers really raced").isPositive();
        }
    }
}
