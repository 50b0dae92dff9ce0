package dev.escqrs.core.command;

import java.util.Optional;

/**
 * Traces commands: told when a command starts and how it ended, and asked for the trace context the command's events
 * carry ({@link dev.escqrs.core.event.EventMetadata#traceParent()}), so that whoever applies an event later (a
 * projection, a reaction, a Lambda, a KCL worker) continues the trace. es-opentelemetry implements it with OpenTelemetry;
 * the default, {@link #NONE}, does nothing and costs nothing.
 *
 * <p>{@link #start} is called on the thread that handles the command, and the trace is closed there: an
 * implementation may make its span current, so that the store's requests (reported on that thread) join it.
 */
public interface CommandTracer {
    /** Traces nothing. */
    CommandTracer NONE = (aggregateName, commandType) -> Trace.NONE;

    /** A command of {@code commandType} (its class's simple name) to an aggregate of {@code aggregateName} starts. */
    Trace start(String aggregateName, String commandType);

    /** One command's trace, closed when the command ends. */
    interface Trace extends AutoCloseable {
        /** No trace. */
        Trace NONE = new Trace() {};

        /** The W3C {@code traceparent} the command's events carry; empty: none. */
        default Optional<String> traceParent() {
            return Optional.empty();
        }

        /** How the command ended, and after how many attempts (called once, before {@link #close()}). */
        default void finished(CommandObserver.Outcome outcome, int attempts, Optional<Throwable> failure) {}

        @Override
        default void close() {}
    }
}
