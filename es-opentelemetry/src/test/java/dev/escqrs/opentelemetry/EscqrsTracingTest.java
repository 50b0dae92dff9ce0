package dev.escqrs.opentelemetry;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.dynamodb.DynamoDbClients;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.projection.RecordingProjection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The spans, links and stored trace contexts, read back from the SDK's in-memory exporter. */
class EscqrsTracingTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    private final EscqrsTracing tracing = new EscqrsTracing(
            OpenTelemetrySdk.builder().setTracerProvider(provider).build());

    @AfterEach
    void close() {
        provider.close();
    }

    private CommandHandler<Purse.Command, Purse.Event, Purse.Balance> purses(
            EventStore store, dev.escqrs.core.port.AggregateReader reader) {
        return CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(store, reader)
                .cacheSize(0)
                .tracer(tracing.commands())
                .build();
    }

    private SpanData only(String name) {
        List<SpanData> named = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .toList();
        assertThat(named).as("spans named %s", name).hasSize(1);
        return named.getFirst();
    }

    private static String traceParentOf(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getSpanContext().getTraceFlags().asHex();
    }

    @Nested
    class InMemory {
        private final InMemoryEventStore store = new InMemoryEventStore(JsonCodec.of(PURSE));

        @Test
        void a_command_is_a_span_with_its_outcome_and_its_events_carry_its_trace_context() {
            String id = purses(store, store)
                    .handle(CommandRequest.createWithId("p1", "ann", (Purse.Command) new Purse.Open("ann")))
                    .aggregate()
                    .id();

            SpanData command = only("Purse Open");
            assertThat(command.getKind()).isEqualTo(SpanKind.INTERNAL);
            assertThat(command.getAttributes().get(EscqrsTracing.AGGREGATE_TYPE))
                    .isEqualTo("Purse");
            assertThat(command.getAttributes().get(EscqrsTracing.COMMAND)).isEqualTo("Open");
            assertThat(command.getAttributes().get(EscqrsTracing.OUTCOME)).isEqualTo("appended");
            assertThat(command.getAttributes().get(EscqrsTracing.ATTEMPTS)).isEqualTo(1L);
            AggregateEvent<Purse.Event> stored =
                    store.events(PURSE, id, 1).findFirst().orElseThrow();
            assertThat(stored.metadata().traceParent()).contains(traceParentOf(command));
        }

        @Test
        void a_refused_command_is_a_span_with_its_outcome_and_a_failed_one_an_error() {
            var purses = purses(store, store);
            purses.handle(CommandRequest.createWithId("p2", "ann", (Purse.Command) new Purse.Open("ann")));
            assertThatThrownBy(() ->
                    purses.handle(CommandRequest.createWithId("p2", "bob", (Purse.Command) new Purse.Open("bob"))));

            List<SpanData> opens = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("Purse Open"))
                    .toList();
            assertThat(opens)
                    .extracting(s -> s.getAttributes().get(EscqrsTracing.OUTCOME))
                    .containsExactly("appended", "conflict");
            assertThat(opens.getLast().getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        }

        @Test
        void a_projection_continues_the_trace_with_a_span_per_event_linked_to_the_command() throws Exception {
            RecordingProjection balances = new RecordingProjection();
            ProjectionSpec spec = ProjectionSpec.builder("balances", balances)
                    .aggregates(PURSE)
                    .store(store)
                    .tracer(tracing.projections())
                    .build();
            purses(store, store)
                    .handle(CommandRequest.createWithId("p3", "ann", (Purse.Command) new Purse.Open("ann")));
            try (ProjectionRunner.Running running = ProjectionRunner.builder(spec)
                    .feed(store)
                    .pollInterval(Duration.ofMillis(20))
                    .build()
                    .start()) {
                assertThat(running.awaitApplied(PURSE, "p3", 1, Duration.ofSeconds(30)))
                        .isTrue();
            }

            SpanData command = only("Purse Open");
            SpanData apply = only("apply balances");
            assertThat(apply.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(apply.getLinks())
                    .extracting(LinkData::getSpanContext)
                    .singleElement()
                    .satisfies(link -> {
                        assertThat(link.getTraceId()).isEqualTo(command.getTraceId());
                        assertThat(link.getSpanId()).isEqualTo(command.getSpanId());
                    });
            assertThat(apply.getAttributes().get(EscqrsTracing.AGGREGATE_ID)).isEqualTo("p3");
            assertThat(apply.getAttributes().get(EscqrsTracing.AGGREGATE_VERSION))
                    .isEqualTo(1L);
            assertThat(apply.getAttributes().get(EscqrsTracing.EVENT)).isEqualTo("PurseOpened");
        }

        @Test
        void a_reactions_command_is_a_child_of_the_span_that_applied_its_cause() throws Exception {
            var purses = purses(store, store);
            Reaction mirror = Reaction.on(
                    PURSE,
                    Purse.Opened.class,
                    (event, opened) -> event.aggregateId().startsWith("mirror-")
                            ? List.of()
                            : List.of(Send.to(
                                    PURSE,
                                    CommandRequest.createOrUpdate(
                                            "mirror-" + event.aggregateId(), "system", (Purse.Command)
                                                    new Purse.Open(opened.owner())))));
            Reactor reactor = Reactor.builder("mirror", mirror)
                    .handlers(purses)
                    .ledger(ReactionLedger.inMemory())
                    .build();
            ProjectionSpec spec = ProjectionSpec.builder(reactor.name(), reactor)
                    .aggregates(PURSE)
                    .store(store)
                    .tracer(tracing.projections())
                    .build();
            purses.handle(CommandRequest.createWithId("p4", "ann", (Purse.Command) new Purse.Open("ann")));
            try (ProjectionRunner.Running running = ProjectionRunner.builder(spec)
                    .feed((ChangeFeed) store)
                    .pollInterval(Duration.ofMillis(20))
                    .build()
                    .start()) {
                assertThat(running.awaitApplied(PURSE, "mirror-p4", 1, Duration.ofSeconds(30)))
                        .isTrue();
            }

            Eventually.await(
                    "both commands' spans ended",
                    () -> spans.getFinishedSpanItems().stream()
                                    .filter(s -> s.getName().equals("Purse Open"))
                                    .count()
                            == 2);
            List<SpanData> opens = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("Purse Open"))
                    .toList();
            SpanData first = opens.stream()
                    .filter(s -> !s.getParentSpanContext().isValid())
                    .findFirst()
                    .orElseThrow();
            SpanData sent = opens.stream()
                    .filter(s -> s.getParentSpanContext().isValid())
                    .findFirst()
                    .orElseThrow();
            SpanData apply = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("apply mirror")
                            && "p4".equals(s.getAttributes().get(EscqrsTracing.AGGREGATE_ID)))
                    .findFirst()
                    .orElseThrow();
            assertThat(apply.getLinks())
                    .extracting(l -> l.getSpanContext().getSpanId())
                    .containsExactly(first.getSpanId());
            assertThat(sent.getParentSpanId())
                    .as("the reaction's command runs inside the apply span")
                    .isEqualTo(apply.getSpanId());
            assertThat(sent.getTraceId()).isEqualTo(apply.getTraceId());
        }

        @Test
        void untraced_handlers_store_no_trace_context_and_the_no_op_api_stores_none_either() {
            CommandHandler.builder(PURSE, Purse.DECIDER)
                    .store(store, store)
                    .build()
                    .handle(CommandRequest.createWithId("p5", "ann", (Purse.Command) new Purse.Open("ann")));
            CommandHandler.builder(PURSE, Purse.DECIDER)
                    .store(store, store)
                    .tracer(new EscqrsTracing(OpenTelemetry.noop()).commands())
                    .build()
                    .handle(CommandRequest.createWithId("p6", "ann", (Purse.Command) new Purse.Open("ann")));

            assertThat(store.events(PURSE, "p5", 1)
                            .findFirst()
                            .orElseThrow()
                            .metadata()
                            .traceParent())
                    .isEmpty();
            assertThat(store.events(PURSE, "p6", 1)
                            .findFirst()
                            .orElseThrow()
                            .metadata()
                            .traceParent())
                    .isEmpty();
            assertThat(spans.getFinishedSpanItems()).isEmpty();
        }
    }

    @Nested
    class OnDynamoDb {
        private final DynamoDbTestServer server = DynamoDbTestServer.get();

        @Test
        void store_requests_are_events_of_the_command_span_and_the_stream_carries_the_trace_to_the_projection()
                throws Exception {
            DynamoDbClients clients = DynamoDbClients.builder()
                    .emulator(server.endpoint())
                    .observer(tracing.requests())
                    .build();
            TableNames names = TableNames.withPrefix(server.tablePrefix(EscqrsTracingTest.class));
            try (DynamoDbClient client = clients.dynamoDb();
                    DynamoDbStreamsClient streams = clients.streams()) {
                new DynamoDbTables(client, names).createTables(List.of(Purse.NAME));
                DynamoDbEventStore store = new DynamoDbEventStore(client, names, JsonCodec.of(PURSE));
                var purses = purses(store, store);
                purses.handle(CommandRequest.createWithId("d1", "ann", (Purse.Command) new Purse.Open("ann")));
                purses.update("d1", "ann", new Purse.Deposit(new BigDecimal("2.5")), 1);

                SpanData open = only("Purse Open");
                assertThat(open.getEvents()).extracting(e -> e.getName()).contains("dynamodb TransactWriteItems");
                assertThat(store.events(PURSE, "d1", 1).toList())
                        .extracting(e -> e.metadata().traceParent().orElseThrow())
                        .containsExactly(traceParentOf(open), traceParentOf(only("Purse Deposit")));

                RecordingProjection balances = new RecordingProjection();
                ProjectionSpec spec = ProjectionSpec.builder("balances", balances)
                        .aggregates(PURSE)
                        .store(store)
                        .tracer(tracing.projections())
                        .build();
                try (ProjectionRunner.Running running = ProjectionRunner.builder(spec)
                        .feed(new DynamoDbChangeFeed(client, streams, names, JsonCodec.of(PURSE)))
                        .pollInterval(Duration.ofMillis(50))
                        .build()
                        .start()) {
                    assertThat(running.awaitApplied(PURSE, "d1", 2, Duration.ofSeconds(30)))
                            .isTrue();
                }
                assertThat(spans.getFinishedSpanItems().stream()
                                .filter(s -> s.getName().equals("apply balances"))
                                .flatMap(s -> s.getLinks().stream())
                                .map(l -> l.getSpanContext().getSpanId()))
                        .containsExactlyInAnyOrder(
                                open.getSpanId(), only("Purse Deposit").getSpanId());
            }
        }
    }
}
