package dev.escqrs.dynamodb.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.ProjectionTracer;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.opentelemetry.EscqrsTracing;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Partial batch responses, with batches loaded from JSON the way AWS's own tests load them: two accounts, a1 (three
 * events, sequence numbers 100, 200, 400) and a2 (two, 300 and 500), interleaved as one shard delivers them.
 */
class ProjectionStreamHandlerTest {
    static final JsonCodec CODEC = JsonCodec.create(Account.TYPES);
    private final RecordingProjection projection = new RecordingProjection();

    private final List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ProjectionSpec.Builder spec() {
        return ProjectionSpec.builder("accounts", projection)
                .aggregates(Account.ACCOUNT)
                .store(new InMemoryEventStore(CODEC))
                .codec(CODEC)
                .observer(new ProjectionObserver() {
                    @Override
                    public void applied(String name, long events) {
                        observed.add(name + " applied " + events);
                    }

                    @Override
                    public void failed(String name, Throwable failure) {
                        observed.add(name + " failed");
                    }
                });
    }

    private ProjectionStreamHandler handler(BadRecords badRecords) {
        return new ProjectionStreamHandler(
                ProjectionStreamHandler.builder(spec().badRecords(badRecords).build())
                        .tables(TableNames.withPrefix("blog-")));
    }

    static List<String> failures(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    private List<Long> versions(String account) {
        return projection.events("Account", account).stream()
                .map(AggregateEvent::aggregateVersion)
                .toList();
    }

    /** The records of {@code batch} from sequence number {@code from} on: what Lambda sends again after a failure. */
    static DynamodbEvent from(DynamodbEvent batch, String from) {
        List<DynamodbEvent.DynamodbStreamRecord> records = batch.getRecords();
        int at = records.stream()
                .map(r -> r.getDynamodb().getSequenceNumber())
                .toList()
                .indexOf(from);
        DynamodbEvent rest = new DynamodbEvent();
        rest.setRecords(records.subList(at, records.size()));
        return rest;
    }

    @Test
    void a_batch_that_applies_returns_no_failures() {
        var response =
                handler(BadRecords.SKIP).handleRequest(EventLoader.loadDynamoDbEvent("events/two-accounts.json"), null);

        assertThat(failures(response)).isEmpty();
        assertThat(versions("a1")).containsExactly(1L, 2L, 3L);
        assertThat(versions("a2")).containsExactly(1L, 2L);
        assertThat(observed).as("the spec's observer is told, as a runner's is").containsExactly("accounts applied 5");
    }

    @Test
    void a_failure_in_the_middle_is_reported_and_its_retry_applies_the_rest_and_nothing_twice() {
        AtomicBoolean throttled = new AtomicBoolean(true);
        projection.beforeApply(e -> {
            if (e.aggregateId().equals("a2") && throttled.getAndSet(false)) {
                throw new IllegalStateException("the read model's table is throttling");
            }
        });
        ProjectionStreamHandler handler = handler(BadRecords.SKIP);
        DynamodbEvent batch = EventLoader.loadDynamoDbEvent("events/two-accounts.json");

        var first = handler.handleRequest(batch, null);

        assertThat(failures(first))
                .as("the first record that failed, a2's first event")
                .containsExactly("300");
        assertThat(versions("a1")).as("what came before it was applied").containsExactly(1L, 2L);
        assertThat(versions("a2")).isEmpty();

        var retry = handler.handleRequest(from(batch, "300"), null);

        assertThat(failures(retry)).isEmpty();
        assertThat(versions("a1")).containsExactly(1L, 2L, 3L);
        assertThat(versions("a2")).containsExactly(1L, 2L);
        assertThat(projection.breaches())
                .as("each event applied once, in its aggregate's order")
                .isEmpty();
        assertThat(handler.counts().applied()).isEqualTo(5);
    }

    @Test
    void a_whole_batch_delivered_twice_applies_nothing_the_second_time() {
        ProjectionStreamHandler handler = handler(BadRecords.SKIP);
        handler.handleRequest(EventLoader.loadDynamoDbEvent("events/two-accounts.json"), null);

        var again = handler.handleRequest(EventLoader.loadDynamoDbEvent("events/two-accounts.json"), null);

        assertThat(failures(again)).isEmpty();
        assertThat(handler.counts().applied()).isEqualTo(5);
        assertThat(projection.total()).isEqualTo(5);
    }

    @Test
    void the_spec_tracer_is_told_of_each_event_applied_with_the_trace_context_stored_with_it() {
        List<String> traced = new java.util.ArrayList<>();
        ProjectionTracer tracer = (name, event) -> {
            traced.add(name + " " + event.aggregateId() + " v" + event.aggregateVersion() + " "
                    + event.metadata().traceParent().orElse("none"));
            return ProjectionTracer.Applying.NONE;
        };
        var handler = new ProjectionStreamHandler(
                ProjectionStreamHandler.builder(spec().tracer(tracer).build()).tables(TableNames.withPrefix("blog-")));

        handler.handleRequest(EventLoader.loadDynamoDbEvent("events/traced.json"), null);

        assertThat(traced)
                .containsExactly(
                        "accounts a1 v1 00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000001064-01",
                        "accounts a1 v2 00-4bf92f3577b34da6a3ce929d0e0e4736-00000000000010c8-01",
                        "accounts a2 v1 00-4bf92f3577b34da6a3ce929d0e0e4736-000000000000112c-01",
                        "accounts a1 v3 00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000001190-01",
                        "accounts a2 v2 00-4bf92f3577b34da6a3ce929d0e0e4736-00000000000011f4-01");
    }

    @Test
    void with_open_telemetry_each_event_applied_is_a_span_linked_to_the_command_that_stored_it() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build()) {
            EscqrsTracing tracing = new EscqrsTracing(
                    OpenTelemetrySdk.builder().setTracerProvider(provider).build());
            var handler = new ProjectionStreamHandler(ProjectionStreamHandler.builder(
                            spec().tracer(tracing.projections()).build())
                    .tables(TableNames.withPrefix("blog-")));

            handler.handleRequest(EventLoader.loadDynamoDbEvent("events/traced.json"), null);

            assertThat(spans.getFinishedSpanItems()).hasSize(5).allSatisfy(span -> {
                assertThat(span.getName()).isEqualTo("apply accounts");
                assertThat(span.getLinks())
                        .singleElement()
                        .satisfies(link -> assertThat(link.getSpanContext().getTraceId())
                                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
            });
            assertThat(spans.getFinishedSpanItems())
                    .extracting(
                            span -> span.getLinks().getFirst().getSpanContext().getSpanId())
                    .containsExactly(
                            "0000000000001064",
                            "00000000000010c8",
                            "000000000000112c",
                            "0000000000001190",
                            "00000000000011f4");
        }
    }

    @Nested
    class APoisonRecord {
        @Test
        void is_skipped_and_counted_under_skip() {
            var handler = handler(BadRecords.SKIP);

            var response = handler.handleRequest(EventLoader.loadDynamoDbEvent("events/with-a-modify.json"), null);

            assertThat(failures(response)).isEmpty();
            assertThat(handler.counts().skipped()).isEqualTo(1);
            assertThat(versions("a1")).containsExactly(1L, 2L, 3L);
            assertThat(versions("a2")).containsExactly(1L, 2L);
        }

        @Test
        void is_reported_by_default_since_skipping_an_event_of_a_newer_release_would_lose_it() {
            var handler = new ProjectionStreamHandler(
                    ProjectionStreamHandler.builder(spec().build()).tables(TableNames.withPrefix("blog-")));

            var response = handler.handleRequest(EventLoader.loadDynamoDbEvent("events/with-a-modify.json"), null);

            assertThat(failures(response)).containsExactly("250");
            assertThat(handler.counts().skipped()).isZero();
            assertThat(observed).containsExactly("accounts failed", "accounts applied 2");
        }

        @Test
        void is_reported_under_stop_with_everything_before_it_applied() {
            var handler = handler(BadRecords.STOP);

            var response = handler.handleRequest(EventLoader.loadDynamoDbEvent("events/with-a-modify.json"), null);

            assertThat(failures(response)).containsExactly("250");
            assertThat(versions("a1")).containsExactly(1L, 2L);
            assertThat(versions("a2")).isEmpty();
        }
    }

    @Nested
    class UnderPark {
        private final dev.escqrs.core.projection.Parking parking = dev.escqrs.core.projection.Parking.inMemory();

        private ProjectionStreamHandler parking() {
            return new ProjectionStreamHandler(ProjectionStreamHandler.builder(
                            spec().badRecords(BadRecords.PARK).parking(parking).build())
                    .tables(TableNames.withPrefix("blog-")));
        }

        @Test
        void an_event_the_projection_throws_on_parks_its_aggregate_and_the_batch_goes_on() {
            projection.beforeApply(e -> {
                if (e.aggregateId().equals("a2")) {
                    throw new IllegalStateException("bug in the handler");
                }
            });

            var response = parking().handleRequest(EventLoader.loadDynamoDbEvent("events/two-accounts.json"), null);

            assertThat(failures(response))
                    .as("nothing for Lambda to retry: a2 is parked")
                    .isEmpty();
            assertThat(versions("a1")).containsExactly(1L, 2L, 3L);
            assertThat(versions("a2")).isEmpty();
            var entry = parking.find("accounts", "Account", "a2").orElseThrow();
            assertThat(entry.head().version()).isEqualTo(1);
            assertThat(entry.lastSeenVersion()).isEqualTo(2);
            assertThat(entry.error().message()).isEqualTo("bug in the handler");
        }

        @Test
        void an_event_that_cannot_be_decoded_parks_its_aggregate_and_the_events_behind_it_wait() {
            DynamodbEvent batch = EventLoader.loadDynamoDbEvent("events/two-accounts.json");
            batch.getRecords()
                    .get(1)
                    .getDynamodb()
                    .getNewImage()
                    .put(
                            "eventName",
                            new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue()
                                    .withS("AccountFrozen"));

            var response = parking().handleRequest(batch, null);

            assertThat(failures(response)).isEmpty();
            assertThat(versions("a1"))
                    .as("version 2 is parked, 3 waits behind it")
                    .containsExactly(1L);
            assertThat(versions("a2")).containsExactly(1L, 2L);
            var entry = parking.find("accounts", "Account", "a1").orElseThrow();
            assertThat(entry.head())
                    .isEqualTo(new dev.escqrs.core.projection.ParkedAggregate.ParkedEvent(
                            2, "01KDX8A0000000000000000200", "AccountFrozen", "{\"amount\":5}"));
            assertThat(entry.waiting()).isEqualTo(1);
            assertThat(entry.error().message()).contains("AccountFrozen");
        }

        @Test
        void a_record_that_is_no_event_of_ours_is_skipped_and_counted() {
            var handler = parking();

            var response = handler.handleRequest(EventLoader.loadDynamoDbEvent("events/with-a-modify.json"), null);

            assertThat(failures(response)).isEmpty();
            assertThat(handler.counts().skipped()).isEqualTo(1);
            assertThat(parking.parked()).isEmpty();
        }
    }
}
