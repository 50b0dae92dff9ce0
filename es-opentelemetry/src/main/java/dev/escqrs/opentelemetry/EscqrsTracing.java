package dev.escqrs.opentelemetry;

import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.command.CommandTracer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.core.projection.ProjectionTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * escqrs's traces on the OpenTelemetry API. Give its parts to the builders:
 * <ul>
 *   <li>{@link #commands()} to {@code CommandHandler.builder(...).tracer(...)}: a span per command
 *       ({@code "<aggregate> <command>"}, attributes {@code escqrs.aggregate.type}, {@code escqrs.command},
 *       {@code escqrs.command.outcome}, {@code escqrs.command.attempts}), current while the command runs; its
 *       W3C {@code traceparent} goes into every event's metadata (stored with the event);</li>
 *   <li>{@link #requests()} to the DynamoDB module's or clients' {@code observer(...)}: each store request is an event
 *       on the current span ({@code dynamodb <Operation>}, with its outcome and milliseconds);</li>
 *   <li>{@link #projections()} to {@code ProjectionSpec.builder(...).tracer(...)}: a span per event applied
 *       ({@code "apply <projection>"}), linked to the span of the command that produced the event, under a runner, a
 *       Lambda handler or a KCL worker alike. A reaction's commands are sent inside it, so their spans are its
 *       children: the trace goes on from the command to the read model and to the next command.</li>
 * </ul>
 * Nothing here needs the SDK: with OpenTelemetry's no-op instance (no SDK, no agent) the spans are not recorded and
 * nothing is stored in the events.
 *
 * <pre>{@code
 * EscqrsTracing tracing = new EscqrsTracing(openTelemetry);
 * CommandHandler.builder(BLOG_POST, decider).store(store, store).tracer(tracing.commands()).build();
 * ProjectionSpec.builder("published-posts", model).aggregates(BLOG_POST).store(store)
 *         .tracer(tracing.projections()).build();
 * }</pre>
 */
public final class EscqrsTracing {
    /** The instrumentation scope of escqrs's spans. */
    public static final String SCOPE = "dev.escqrs";

    static final AttributeKey<String> AGGREGATE_TYPE = AttributeKey.stringKey("escqrs.aggregate.type");
    static final AttributeKey<String> AGGREGATE_ID = AttributeKey.stringKey("escqrs.aggregate.id");
    static final AttributeKey<Long> AGGREGATE_VERSION = AttributeKey.longKey("escqrs.aggregate.version");
    static final AttributeKey<String> COMMAND = AttributeKey.stringKey("escqrs.command");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("escqrs.command.outcome");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("escqrs.command.attempts");
    static final AttributeKey<String> EVENT = AttributeKey.stringKey("escqrs.event");
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("escqrs.event.id");
    static final AttributeKey<String> PROJECTION = AttributeKey.stringKey("escqrs.projection");
    static final AttributeKey<String> REQUEST_OUTCOME = AttributeKey.stringKey("escqrs.request.outcome");
    static final AttributeKey<Double> REQUEST_MILLIS = AttributeKey.doubleKey("escqrs.request.ms");

    private final Tracer tracer;

    public EscqrsTracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
    }

    /** A span per command; its trace context in the events' metadata. */
    public CommandTracer commands() {
        return (aggregateName, commandType) -> {
            Span span = tracer.spanBuilder(aggregateName + " " + commandType)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(AGGREGATE_TYPE, aggregateName)
                    .setAttribute(COMMAND, commandType)
                    .startSpan();
            Scope scope = span.makeCurrent();
            return new CommandTracer.Trace() {
                @Override
                public Optional<String> traceParent() {
                    return traceParentOf(span.getSpanContext());
                }

                @Override
                public void finished(CommandObserver.Outcome outcome, int attempts, Optional<Throwable> failure) {
                    span.setAttribute(OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT));
                    span.setAttribute(ATTEMPTS, attempts);
                    failure.ifPresent(span::recordException);
                    if (outcome == CommandObserver.Outcome.FAILED || outcome == CommandObserver.Outcome.GAVE_UP) {
                        span.setStatus(StatusCode.ERROR, outcome.name().toLowerCase(java.util.Locale.ROOT));
                    }
                }

                @Override
                public void close() {
                    scope.close();
                    span.end();
                }
            };
        };
    }

    /** Each store request as an event on the current span (the command's, a projection's). */
    public RequestObserver requests() {
        return (operation, failed, took) -> {
            Span span = Span.current();
            if (span.isRecording()) {
                span.addEvent(
                        "dynamodb " + operation,
                        Attributes.of(REQUEST_OUTCOME, failed ? "failed" : "ok", REQUEST_MILLIS, millis(took)));
            }
        };
    }

    /** A span per event applied to a projection, linked to the span of the command that produced it. */
    public ProjectionTracer projections() {
        return (projection, event) -> {
            SpanBuilder builder = tracer.spanBuilder("apply " + projection)
                    .setSpanKind(SpanKind.CONSUMER)
                    .setAttribute(PROJECTION, projection)
                    .setAttribute(AGGREGATE_TYPE, event.aggregateName())
                    .setAttribute(AGGREGATE_ID, event.aggregateId())
                    .setAttribute(AGGREGATE_VERSION, event.aggregateVersion())
                    .setAttribute(EVENT, event.eventName())
                    .setAttribute(EVENT_ID, event.eventId());
            producer(event).ifPresent(builder::addLink);
            Span span = builder.startSpan();
            Scope scope = span.makeCurrent();
            return new ProjectionTracer.Applying() {
                @Override
                public void failed(Throwable failure) {
                    span.recordException(failure);
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }

                @Override
                public void close() {
                    scope.close();
                    span.end();
                }
            };
        };
    }

    /** The span context of the command that produced {@code event}, from its metadata; empty when untraced. */
    static Optional<SpanContext> producer(AggregateEvent<?> event) {
        return event.metadata()
                .traceParent()
                .map(traceParent -> {
                    String[] parts = traceParent.split("-");
                    return SpanContext.createFromRemoteParent(
                            parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
                })
                .filter(SpanContext::isValid);
    }

    /** The W3C {@code traceparent} of {@code context}; empty when it is not valid (no SDK: nothing to continue). */
    static Optional<String> traceParentOf(SpanContext context) {
        return context.isValid()
                ? Optional.of("00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                        + context.getTraceFlags().asHex())
                : Optional.empty();
    }

    /** How long {@code took} is in milliseconds, as the request events say. */
    static double millis(Duration took) {
        return took.toNanos() / 1e6;
    }
}
