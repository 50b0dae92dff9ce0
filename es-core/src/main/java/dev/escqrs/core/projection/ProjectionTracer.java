package dev.escqrs.core.projection;

import dev.escqrs.core.event.AggregateEvent;

/**
 * Traces the application of events to a projection (a read model, a reaction), where the projector applies them: under
 * a {@link ProjectionRunner}, a Lambda's {@code ProjectionStreamHandler} or a {@code KclProjectionWorker} alike. An
 * implementation continues the trace of the command that produced the event from its
 * {@link dev.escqrs.core.event.EventMetadata#traceParent()} (es-opentelemetry: a span linked to the command's). The
 * default, {@link #NONE}, does nothing and costs nothing.
 */
public interface ProjectionTracer {
    /** Traces nothing. */
    ProjectionTracer NONE = (projection, event) -> Applying.NONE;

    /** {@code projection} is about to apply {@code event}, on this thread; closed when it has, or has failed. */
    Applying applying(String projection, AggregateEvent<?> event);

    /** One event's application. */
    interface Applying extends AutoCloseable {
        /** No trace. */
        Applying NONE = new Applying() {};

        /** The projection threw while applying the event (called before {@link #close()}). */
        default void failed(Throwable failure) {}

        @Override
        default void close() {}
    }
}
