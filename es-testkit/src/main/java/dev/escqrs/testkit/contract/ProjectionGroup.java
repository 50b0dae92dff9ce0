package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.Snapshots;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.State;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link ProjectionContract}'s {@code @Nested} groups share: the store and checkpoints of the test that runs them,
 * accounts written to the store, runners over them, and waits for what a projection holds.
 */
abstract class ProjectionGroup {
    private final ProjectionContract contract;
    Stores stores;
    Checkpoints checkpoints;
    final EventIds ids = EventIds.seeded(Clock.systemUTC(), 13);

    ProjectionGroup(ProjectionContract contract) {
        this.contract = contract;
    }

    @BeforeEach
    void useTheContractsStore() {
        stores = contract.stores;
        checkpoints = contract.checkpoints;
    }

    Snapshots snapshots(Stores stores) {
        return contract.snapshots(stores);
    }

    /** Appends {@code deposits} deposits to {@code id} (opening it first when new). */
    void write(AggregateType<Event, State> type, String id, int deposits) {
        Account.openAndDeposit(stores.eventStore(), stores.reader(), type, ids, id, deposits);
    }

    List<Long> storedVersions(AggregateType<Event, State> type, String id) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(type, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    List<Long> projectedVersions(RecordingProjection projection, AggregateType<Event, State> type, String id) {
        return projection.events(type.name(), id).stream()
                .map(AggregateEvent::aggregateVersion)
                .toList();
    }

    ProjectionRunner runner(String name, Projection projection) {
        return builder(name, projection).build();
    }

    ProjectionRunner.Builder builder(String name, Projection projection) {
        return builder(name, projection, ProjectionObserver.NONE);
    }

    ProjectionRunner.Builder builder(String name, Projection projection, ProjectionObserver observer) {
        return ProjectionRunner.builder(ProjectionSpec.builder(name, projection)
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .observer(observer)
                        .build())
                .feed(stores.feed())
                .segments(3)
                .pollInterval(Duration.ofMillis(50));
    }

    /** Waits until the projection holds every stored event of these accounts. */
    void awaitAll(RecordingProjection projection, String... accountIds) {
        Eventually.await(
                "the projection to hold every stored event",
                Eventually.timeout(),
                () -> {
                    for (String id : accountIds) {
                        if (!projectedVersions(projection, ACCOUNT, id).equals(storedVersions(ACCOUNT, id))) {
                            return false;
                        }
                    }
                    return true;
                },
                () -> "(holds %d events)".formatted(projection.total()));
    }

    /** Waits until the saved checkpoint has nothing after it: the tail has read everything there is. */
    void awaitCaughtUp(ProjectionRunner runner) {
        Eventually.await(
                "the saved checkpoint to reach the end of the feed",
                () -> runner.savedCheckpoint()
                        .map(c -> stores.feed().read(c, 100).isEmpty())
                        .orElse(false));
    }
}
