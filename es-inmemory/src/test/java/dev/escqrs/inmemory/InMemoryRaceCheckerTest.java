package dev.escqrs.inmemory;

import dev.escqrs.testkit.race.RaceChecker;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Real parallel load: 8 threads x 2,000 commands over 4 aggregates, random stale versions, then every invariant. */
class InMemoryRaceCheckerTest {
    @Test
    void eight_threads_of_2000_commands_over_4_aggregates_keep_every_invariant() throws Exception {
        RaceChecker.Report report = RaceChecker.on(StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec))))
                .threads(8).commandsPerThread(2_000).aggregates(4).seed(20261126).run();

        assertThat(report.gaveUp()).as("commands that gave up under RetryPolicy.DEFAULT").isZero();
        assertThat(report.versionMismatches()).as("stale caller versions were refused").isPositive();
        assertThat(report.retried()).as("lost races were retried").isPositive();
    }
}
