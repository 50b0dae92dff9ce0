package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ParkingRetries;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.scenario.TestClock;
import dev.escqrs.testkit.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link ParkingContract}'s {@code @Nested} groups share: the store, checkpoints and parking of the test that runs
 * them, accounts written to the store, a projection that throws on poisoned versions, a parking runner on a test clock,
 * and waits for what it projects and parks.
 */
abstract class ParkingGroup {
    private final ParkingContract contract;
    Stores stores;
    Checkpoints checkpoints;
    Parking parking;
    final EventIds ids = EventIds.seeded(Clock.systemUTC(), 41);
    final TestClock clock = TestClock.at(Instant.parse("2026-12-06T12:00:00Z"));
    /** Stream ids at versions the projection throws on, as "Account#id@version". */
    final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    final List<String> unparked = new CopyOnWriteArrayList<>();

    ParkingGroup(ParkingContract contract) {
        this.contract = contract;
    }

    @BeforeEach
    void useTheContractsStore() {
        stores = contract.stores;
        checkpoints = contract.checkpoints;
        parking = contract.parking;
    }

    ReactionLedger newLedger(Stores stores) {
        return contract.newLedger(stores);
    }

    void write(String id, int deposits) {
        Account.openAndDeposit(stores.eventStore(), stores.reader(), ACCOUNT, ids, id, deposits);
    }

    List<Long> storedVersions(String id) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    AggregateEvent<Event> stored(String id, long version) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, id, version)) {
            return events.findFirst().orElseThrow();
        }
    }

    static List<Long> versions(RecordingProjection projection, String id) {
        return projection.events(ACCOUNT.name(), id).stream()
                .map(AggregateEvent::aggregateVersion)
                .toList();
    }

    RecordingProjection poisonable() {
        return new RecordingProjection().beforeApply(event -> {
            if (poisoned.contains(event.streamId() + "@" + event.aggregateVersion())) {
                throw new IllegalStateException("bug in the handler for " + event.eventName());
            }
        });
    }

    ProjectionRunner runner(String name, Projection projection, ParkingRetries retries) {
        return ProjectionRunner.builder(ProjectionSpec.builder(name, projection)
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .badRecords(BadRecords.PARK)
                        .parking(parking)
                        .retries(retries)
                        .observer(new ProjectionObserver() {
                            @Override
                            public void unparked(String projection, String aggregateName, String aggregateId) {
                                unparked.add(aggregateName + "#" + aggregateId);
                            }
                        })
                        .build())
                .feed(stores.feed())
                .segments(2)
                .pollInterval(Duration.ofMillis(50))
                .clock(clock)
                .build();
    }

    ProjectionRunner runner(String name, Projection projection) {
        // automatic retries far apart: a test that wants them moves the clock
        return runner(name, projection, new ParkingRetries(Duration.ofHours(1), Duration.ofHours(1), 3, 25));
    }

    Optional<ParkedAggregate> entry(String runner, String id) {
        return parking.find(runner, ACCOUNT.name(), id);
    }

    void awaitVersions(RecordingProjection projection, String id, List<Long> expected) {
        Eventually.await(
                "account " + id + " to be projected at " + expected,
                Eventually.timeout(),
                () -> versions(projection, id).equals(expected),
                () -> "(holds " + versions(projection, id) + ")");
    }

    void awaitParked(String runner, String id, Predicate<ParkedAggregate> as) {
        Eventually.await(
                "account " + id + " to be parked as expected",
                Eventually.timeout(),
                () -> entry(runner, id).filter(as).isPresent(),
                () -> "(entry " + entry(runner, id) + ")");
    }
}
