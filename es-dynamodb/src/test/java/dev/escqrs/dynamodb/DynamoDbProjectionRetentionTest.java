package dev.escqrs.dynamodb;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Past stream retention, on moto: events written before the table had a stream are not in the stream (as events
 * older than 24 hours are not on AWS), yet a projection started afterwards holds all of them, and those written
 * during its backfill and after.
 */
class DynamoDbProjectionRetentionTest {
    private final JsonCodec codec = JsonCodec.create(Account.TYPES);
    private final EventIds ids = EventIds.system();

    private void write(DynamoDbEventStore store, String id, int deposits) {
        Account.openAndDeposit(store, store, ACCOUNT, ids, id, deposits);
    }

    private List<Long> stored(DynamoDbEventStore store, String id) {
        try (Stream<AggregateEvent<Account.Event>> events = store.events(ACCOUNT, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Test
    void a_projection_holds_the_events_the_stream_never_had_and_those_written_during_and_after_its_backfill()
            throws Exception {
        var client = DynamoDbFixture.CLIENTS.dynamoDb();
        TableNames tables = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()));
        // the events table as escqrs creates it, but with no stream yet (moto cannot switch a stream off later)
        client.createTable(b -> b.tableName(tables.eventsTable())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("s", ScalarAttributeType.S), attribute("v", ScalarAttributeType.N))
                .keySchema(key("s", KeyType.HASH), key("v", KeyType.RANGE)));
        new DynamoDbTables(client, tables).createTables(Account.AGGREGATE_NAMES);
        assertThat(client.describeTable(b -> b.tableName(tables.eventsTable()))
                        .table()
                        .latestStreamArn())
                .isNull();
        DynamoDbEventStore store = new DynamoDbEventStore(client, tables, codec);
        for (int i = 0; i < 8; i++) {
            write(store, "early-" + i, 3);
        }
        client.updateTable(b -> b.tableName(tables.eventsTable())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
        DynamoDbChangeFeed feed = new DynamoDbChangeFeed(client, DynamoDbFixture.CLIENTS.streams(), tables, codec);
        write(store, "late", 2);

        FeedBatch wholeStream = feed.read(Checkpoint.START, 1_000);
        assertThat(wholeStream.events())
                .as("the stream holds only what was written after it was enabled")
                .extracting(AggregateEvent::aggregateId)
                .containsOnly("late");

        AtomicBoolean wrote = new AtomicBoolean();
        RecordingProjection projection = new RecordingProjection().onApply(e -> {
            if (wrote.compareAndSet(false, true)) {
                write(store, "during", 3);
                write(store, "early-2", 1);
            }
        });
        ProjectionRunner runner = ProjectionRunner.builder(
                        ProjectionSpec.builder("retention", projection.durable(new DynamoDbCheckpoints(client, tables)))
                                .aggregates(ACCOUNT)
                                .store(store)
                                .build())
                .feed(feed)
                .segments(3)
                .pollInterval(Duration.ofMillis(50))
                .build();
        List<String> all = new ArrayList<>(List.of("late", "during", "after"));
        for (int i = 0; i < 8; i++) {
            all.add("early-" + i);
        }

        try (ProjectionRunner.Running running = runner.start()) {
            assertThat(running.awaitTailing(Eventually.DEFAULT_TIMEOUT)).isTrue();
            write(store, "after", 2);
            Eventually.await(
                    "every account, event by event",
                    Eventually.DEFAULT_TIMEOUT,
                    () -> all.stream()
                            .allMatch(id -> projection.events("Account", id).stream()
                                    .map(AggregateEvent::aggregateVersion)
                                    .toList()
                                    .equals(stored(store, id))),
                    () -> "(holds %d)".formatted(projection.total()));
        }
        assertThat(projection.breaches()).isEmpty();
        assertThat(projection.events("Account", "early-0")).hasSize(4);
    }
}
