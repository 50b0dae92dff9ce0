package dev.escqrs.core.projection;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An aggregate whose events a runner holds back because one of them could not be applied ({@link BadRecords#PARK}):
 * the first event that failed (the head), how far the aggregate's events are known to go behind it, the error, and
 * the retries so far. Every event of the aggregate from {@code head.version} on waits, in order, until a retry
 * applies them or an operator skips the head; other aggregates are not held back.
 *
 * @param runner          the projection's or reaction's name (its spec's)
 * @param head            the first event that waits
 * @param lastSeenVersion the newest version of the aggregate the runner has seen since; {@link #waiting()} is how
 *                        many events wait behind the head
 * @param error           why the head failed, the last time it was tried
 * @param attempts        how often the head was tried (1 when it was parked)
 * @param firstFailure    when it was parked
 * @param lastFailure     when it failed last
 * @param nextAttempt     when the runner tries it again by itself; empty once the automatic retries are used up:
 *                        then it waits for an operator
 * @param request         what an operator asked for and the runner has not yet done
 */
public record ParkedAggregate(
        String runner,
        String aggregateName,
        String aggregateId,
        ParkedEvent head,
        long lastSeenVersion,
        Failure error,
        int attempts,
        Instant firstFailure,
        Instant lastFailure,
        Optional<Instant> nextAttempt,
        Optional<OperatorRequest> request) {
    /** The longest JSON of a head event kept in an entry; longer ones are cut and end in "...". */
    public static final int MAX_JSON_LENGTH = 16_384;
    /** The longest error message kept in an entry; longer ones are cut and end in "...". */
    public static final int MAX_MESSAGE_LENGTH = 2_048;

    public ParkedAggregate {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(aggregateName, "aggregateName");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(firstFailure, "firstFailure");
        Objects.requireNonNull(lastFailure, "lastFailure");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(request, "request");
        lastSeenVersion = Math.max(lastSeenVersion, head.version());
    }

    /** How many events of the aggregate are known to wait behind the head. */
    public long waiting() {
        return lastSeenVersion - head.version();
    }

    /** {@code aggregateName#aggregateId}. */
    public String streamId() {
        return dev.escqrs.core.internal.StreamIds.of(aggregateName, aggregateId);
    }

    /** This entry, with {@code version} seen behind the head. */
    public ParkedAggregate seen(long version) {
        return new ParkedAggregate(
                runner,
                aggregateName,
                aggregateId,
                head,
                Math.max(lastSeenVersion, version),
                error,
                attempts,
                firstFailure,
                lastFailure,
                nextAttempt,
                request);
    }

    /** This entry with an operator's request, which replaces any earlier one. */
    public ParkedAggregate requesting(OperatorRequest newRequest) {
        return new ParkedAggregate(
                runner,
                aggregateName,
                aggregateId,
                head,
                lastSeenVersion,
                error,
                attempts,
                firstFailure,
                lastFailure,
                nextAttempt,
                Optional.of(newRequest));
    }

    /**
     * The first event that waits.
     *
     * @param eventId   empty when the event could not be read from the store at all
     * @param eventName empty when the event could not be read
     * @param json      its payload as JSON, cut at {@link #MAX_JSON_LENGTH}; empty when it could not be read
     */
    public record ParkedEvent(long version, String eventId, String eventName, String json) {
        public ParkedEvent {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventName, "eventName");
            json = cut(Objects.requireNonNull(json, "json"), MAX_JSON_LENGTH);
        }
    }

    /**
     * Why the head failed.
     *
     * @param category the escqrs error category ({@link dev.escqrs.core.error.EscqrsException#category()}), or
     *                 {@code INTERNAL} for any other exception (a bug in the handler)
     * @param type     the exception's class name
     * @param message  its message, cut at {@link #MAX_MESSAGE_LENGTH}
     */
    public record Failure(String category, String type, String message) {
        public Failure {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(type, "type");
            message = cut(Objects.requireNonNull(message, "message"), MAX_MESSAGE_LENGTH);
        }

        /** The failure {@code e} describes. */
        public static Failure of(Throwable e) {
            String category = e instanceof dev.escqrs.core.error.EscqrsException escqrs
                    ? escqrs.category().name()
                    : "INTERNAL";
            return new Failure(category, e.getClass().getName(), e.getMessage() == null ? "" : e.getMessage());
        }
    }

    /** What an operator asked a runner to do with a parked aggregate, who asked, when and why. */
    public record OperatorRequest(Action action, String by, String reason, Instant at) {
        public OperatorRequest {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
            if (by.isBlank()) {
                throw new IllegalArgumentException("an operator request needs who asked (by)");
            }
        }
    }

    /** What an operator may ask for. */
    public enum Action {
        /** Try the head and the events behind it again. */
        RETRY,
        /** Give the head up (recorded as a {@link SkippedEvent}) and apply the events behind it. */
        SKIP
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
