package dev.escqrs.dynamodb;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An event of a newer release on DynamoDB: a reader whose codec does not know its name parks its aggregate, both in the
 * backfill (the store's items) and in the tail (the stream's records), while every other aggregate goes on; once the
 * release that knows it runs, a retry applies the head and everything behind it.
 */
class DynamoDbParkingUnreadableTest {
    /** The event types of the release before "Noted" was added. */
    private static final EventTypes OLD_TYPES = EventTypes.builder()
            .register("AccountOpened", Account.Opened.class)
            .register("Deposited", Account.Deposited.class)
            .build();

    private static final AggregateType<Account.Event, Account.State> OLD_ACCOUNT =
            AggregateType.of("Account", Account.State.class, Account.Event.class, OLD_TYPES);

    private final TableNames tables =
            DynamoDbFixture.freshTables(getClass(), DynamoDbFixture.CLIENTS.dynamoDb(), Account.AGGREGATE_NAMES);
    private final JsonCodec newCodec = JsonCodec.create(Account.TYPES);
    private final JsonCodec oldCodec = JsonCodec.create(OLD_TYPES);
    private final DynamoDbEventStore newRelease =
            new DynamoDbEventStore(DynamoDbFixture.CLIENTS.dynamoDb(), tables, newCodec);
    private final DynamoDbEventStore oldRelease =
            new DynamoDbEventStore(DynamoDbFixture.CLIENTS.dynamoDb(), tables, oldCodec);
    private final Parking parking = new DynamoDbParking(DynamoDbFixture.CLIENTS.dynamoDb(), tables);
    private final EventIds ids = EventIds.system();

    @AfterEach
    void deleteTables() {
        new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).deleteTables(Account.AGGREGATE_NAMES);
    }

    private void note(String id, String text) {
        var current = newRelease.read(ACCOUNT, id).orElseThrow();
        AggregateEvent<Account.Event> noted =
                Account.envelope(ids, ACCOUNT, id, current.version() + 1, new Account.Noted(text));
        newRelease.append(new AppendBatch<>(
                ACCOUNT,
                Account.reducer(ACCOUNT)
                        .fold(Optional.of(current), List.of(noted))
                        .orElseThrow(),
                List.of(noted)));
    }

    private ProjectionRunner runner(JsonCodec codec, DynamoDbEventStore store, RecordingProjection projection) {
        AggregateType<?, ?> type = codec == oldCodec ? OLD_ACCOUNT : ACCOUNT;
        ProjectionSpec spec = ProjectionSpec.builder("newer-release", projection)
                .aggregates(type)
                .store(store)
                .codec(codec)
                .badRecords(BadRecords.PARK)
                .parking(parking)
                .build();
        return ProjectionRunner.builder(spec)
                .pollInterval(Duration.ofMillis(50))
                .segments(2)
                .feed(new DynamoDbChangeFeed(
                        DynamoDbFixture.CLIENTS.dynamoDb(),
                        DynamoDbFixture.CLIENTS.streams(),
                        tables,
                        codec,
                        BadRecords.PARK))
                .build();
    }

    private static List<Long> versions(RecordingProjection projection, String id) {
        return projection.events("Account", id).stream()
                .map(AggregateEvent::aggregateVersion)
                .toList();
    }

    @Test
    void parks_in_the_backfill_and_in_the_tail_and_a_retry_under_the_new_release_applies_everything() throws Exception {
        Account.openAndDeposit(newRelease, newRelease, ACCOUNT, ids, "a", 1);
        note("a", "a note from the new release");
        Account.openAndDeposit(newRelease, newRelease, ACCOUNT, ids, "a", 1);
        Account.openAndDeposit(newRelease, newRelease, ACCOUNT, ids, "c", 2);
        RecordingProjection projection = new RecordingProjection();

        try (ProjectionRunner.Running old =
                runner(oldCodec, oldRelease, projection).start()) {
            assertThat(old.awaitTailing(Eventually.timeout())).isTrue();
            assertThat(versions(projection, "c")).containsExactly(1L, 2L, 3L);
            assertThat(versions(projection, "a"))
                    .as("version 3 cannot be read by this release")
                    .containsExactly(1L, 2L);
            ParkedAggregate parked =
                    parking.find("newer-release", "Account", "a").orElseThrow();
            assertThat(parked.head().version()).isEqualTo(3);
            assertThat(parked.head().eventName()).isEqualTo("Noted");
            assertThat(parked.head().json()).contains("a note from the new release");
            assertThat(parked.error().type()).isEqualTo(dev.escqrs.core.error.SerializationException.class.getName());
            assertThat(parked.error().message()).contains("Noted");

            note("c", "another"); // in the tail: c parks at 4 as well
            Account.openAndDeposit(newRelease, newRelease, ACCOUNT, ids, "c", 1);
            Account.openAndDeposit(newRelease, newRelease, ACCOUNT, ids, "e", 1);
            Eventually.await("e to be applied", () -> versions(projection, "e").equals(List.of(1L, 2L)));
            Eventually.await(
                    "c to be parked at its note",
                    () -> parking.find("newer-release", "Account", "c")
                            .filter(e -> e.head().version() == 4 && e.lastSeenVersion() == 5)
                            .isPresent());
            assertThat(versions(projection, "c")).containsExactly(1L, 2L, 3L);
            assertThat(old.status().lastFailure()).isEmpty();
        }

        try (ProjectionRunner.Running upgraded =
                runner(newCodec, newRelease, projection).start()) {
            assertThat(upgraded.retryAll("ops")).isEqualTo(2);
            Eventually.await(
                    "a and c to hold every event",
                    () -> versions(projection, "a").equals(List.of(1L, 2L, 3L, 4L))
                            && versions(projection, "c").equals(List.of(1L, 2L, 3L, 4L, 5L)));
            Eventually.await(
                    "nothing to be parked",
                    () -> parking.parked("newer-release").isEmpty());
            assertThat(projection.breaches()).isEmpty();
        }
    }
}
