package dev.escqrs.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.testkit.race.RaceChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 4 threads x 100 commands over 2 aggregates on moto, through one connection (moto is not safe for overlapping
 * transactions), so loads and appends of different threads still interleave.
 */
class DynamoDbRaceCheckerTest {
    @Test
    void four_threads_of_100_commands_over_2_aggregates_keep_every_invariant() throws Exception {
        RaceChecker.Report report = RaceChecker.on(DynamoDbFixture.fixture(getClass(), List.of("Tally")))
                .threads(4)
                .commandsPerThread(100)
                .aggregates(2)
                .seed(7)
                .run();

        // run() has checked every invariant, give-ups included (none of their events stored); that no command gives
        // up under the default policy is the busy-aggregate test's claim below (4 x 25 on one aggregate), not this
        // mix's
        assertThat(report.retried()).as("the writers really raced").isPositive();
        assertThat(report.versionMismatches())
                .as("stale caller versions were refused")
                .isPositive();
    }

    /** A busy aggregate on moto: 4 writers x 25 commands on one aggregate, every command a pure race, the default policy. */
    @Test
    void four_writers_on_one_aggregate_never_give_up_under_the_default_policy() throws Exception {
        // rounds: 1, or -Descqrs-test.race.rounds=N (scripts/race-under-load), each with its own seed
        for (int round = 1; round <= Integer.getInteger("escqrs-test.race.rounds", 1); round++) {
            RaceChecker.Report report = RaceChecker.on(DynamoDbFixture.fixture(getClass(), List.of("Tally")))
                    .threads(4)
                    .commandsPerThread(25)
                    .aggregates(1)
                    .expectedVersions(false)
                    .seed(4 + round)
                    .run();
            report.stores().close();
            System.out.printf(
                    "race round %d (DynamoDB %s, 4 writers x 25): gave up %d, most attempts %d, longest %d ms%n",
                    round,
                    DynamoDbFixture.STORAGE,
                    report.gaveUp(),
                    report.mostAttempts(),
                    report.longest().toMillis());

            assertThat(report.gaveUp())
                    .as("commands that gave up under RetryPolicy.DEFAULT")
                    .isZero();
            assertThat(report.acknowledged()).isEqualTo(100);
            assertThat(report.retried()).as("the writers really raced").isPositive();
        }
    }
}
