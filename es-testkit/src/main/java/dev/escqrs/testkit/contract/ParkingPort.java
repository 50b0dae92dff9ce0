package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.SkippedEvent;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ParkingContract.The_parking_port}: the {@link Parking} port itself keeps entries, operators' requests and
 * skips apart per runner.
 */
abstract class ParkingPort extends ParkingGroup {
    ParkingPort(ParkingContract contract) {
        super(contract);
    }

    private ParkedAggregate entry(String runner, String id, Instant at) {
        return new ParkedAggregate(
                runner,
                ACCOUNT.name(),
                id,
                new ParkedAggregate.ParkedEvent(2, "01J-event", "Deposited", "{\"amount\":2}"),
                3,
                new ParkedAggregate.Failure("INTERNAL", "java.lang.Error", "x"),
                1,
                at,
                at,
                Optional.of(at.plusSeconds(1)),
                Optional.empty());
    }

    @Test
    void keeps_entries_per_runner_oldest_first() {
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        parking.save(entry("port", "b", t.plusSeconds(5)));
        parking.save(entry("port", "a", t));
        parking.save(entry("port-2", "a", t));
        assertThat(parking.parked("port"))
                .extracting(ParkedAggregate::aggregateId)
                .containsExactly("a", "b");
        assertThat(parking.parked("port-2")).singleElement().isEqualTo(entry("port-2", "a", t));
        assertThat(parking.parked())
                .filteredOn(e -> e.runner().startsWith("port"))
                .hasSize(3);
        parking.remove("port", ACCOUNT.name(), "a");
        assertThat(parking.find("port", ACCOUNT.name(), "a")).isEmpty();
        assertThat(parking.find("port", ACCOUNT.name(), "b")).contains(entry("port", "b", t.plusSeconds(5)));
    }

    @Test
    void keeps_an_operators_request_when_the_runner_saves_and_clears_only_the_one_handled() {
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        ParkedAggregate.OperatorRequest retry =
                new ParkedAggregate.OperatorRequest(ParkedAggregate.Action.RETRY, "ops", "retry", t);
        assertThat(parking.request("req", ACCOUNT.name(), "a", retry))
                .as("not parked")
                .isFalse();
        assertThat(parking.find("req", ACCOUNT.name(), "a")).isEmpty();

        parking.save(entry("req", "a", t));
        assertThat(parking.request("req", ACCOUNT.name(), "a", retry)).isTrue();
        parking.save(entry("req", "a", t).seen(9));
        assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().request())
                .contains(retry);
        assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().lastSeenVersion())
                .isEqualTo(9);

        ParkedAggregate.OperatorRequest skip =
                new ParkedAggregate.OperatorRequest(ParkedAggregate.Action.SKIP, "ops", "why", t.plusSeconds(1));
        parking.request("req", ACCOUNT.name(), "a", skip);
        parking.clearRequest("req", ACCOUNT.name(), "a", retry);
        assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().request())
                .contains(skip);
        parking.clearRequest("req", ACCOUNT.name(), "a", skip);
        assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().request())
                .isEmpty();
    }

    @Test
    void gives_a_runners_entries_and_skips_together_and_nothing_of_another_runner() {
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        parking.save(entry("state", "a", t));
        parking.save(entry("state-2", "b", t));
        SkippedEvent skipped =
                new SkippedEvent("state", ACCOUNT.name(), "c", 2, "01J-event", "Deposited", "ops", "why", t);
        parking.recordSkip(skipped);
        parking.recordSkip(
                new SkippedEvent("state-2", ACCOUNT.name(), "c", 2, "01J-event", "Deposited", "ops", "why", t));

        Parking.State state = parking.state("state");
        assertThat(state.parked())
                .isEqualTo(parking.parked("state"))
                .singleElement()
                .extracting(ParkedAggregate::aggregateId)
                .isEqualTo("a");
        assertThat(state.skipped()).isEqualTo(parking.skipped("state")).containsExactly(skipped);
    }

    @Test
    void keeps_skips_per_runner_until_forgotten() {
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        SkippedEvent skipped =
                new SkippedEvent("skips", ACCOUNT.name(), "a", 2, "01J-event", "Deposited", "ops", "why", t);
        parking.recordSkip(skipped);
        parking.recordSkip(
                new SkippedEvent("skips-2", ACCOUNT.name(), "a", 2, "01J-event", "Deposited", "ops", "why", t));
        assertThat(parking.skipped("skips")).containsExactly(skipped);
        parking.forgetSkip(skipped);
        assertThat(parking.skipped("skips")).isEmpty();
        assertThat(parking.skipped("skips-2")).hasSize(1);
    }
}
