package dev.escqrs.core.projection;

/**
 * What a projection does with a change record that holds no event of ours (a record from another table, a MODIFY or
 * REMOVE: events are only ever inserted, an item that is no event, an unknown event name, a malformed record) and,
 * under {@link #PARK}, with an event it cannot apply. One policy for every way a projection runs:
 * {@link ProjectionSpec#badRecords()} for the {@link ProjectionRunner}, the Lambda handler and the KCL worker, and the
 * stream decoders and DynamoDB change feed they read.
 *
 * <p>The default everywhere is {@link #STOP}. The record that most often holds "no event of ours" is an event whose
 * name this code does not know yet, written by a newer release; skipping it would lose it from the read model for
 * good, and nobody would know. Stopping keeps it until the reader is deployed, and shows where operators look: the
 * runner's status and failure counter, the Lambda's iterator age and on-failure destination, the KCL shard's lag.
 * Choose {@link #SKIP} only for a stream known to carry records that are not events (then alarm on the count).
 */
public enum BadRecords {
    /**
     * Stop at the record and fail, naming it and why: a runner retries it, a Lambda reports it as the batch item
     * failure (retried, then sent to the on-failure destination), a KCL shard retries it. The default.
     */
    STOP,
    /** Log it, count it and go on with the next record. */
    SKIP,
    /**
     * Park the event's aggregate, not the read model: an event of ours that cannot be decoded, or that the projection
     * (or reaction) throws on, is recorded in the spec's {@link Parking} with its error; that event and every later
     * event of the same aggregate wait, in order, while every other aggregate goes on. Parked aggregates are retried
     * automatically with exponential backoff ({@link ParkingRetries}), then wait for an operator to retry them or
     * skip their head event (console, CLI, {@link ProjectionRunner.Running#retry}). Records that are not events of
     * ours at all (another table, a MODIFY) are logged, counted and stepped over, as under {@link #SKIP}. An error
     * that says the store itself is unavailable ({@link dev.escqrs.core.error.EscqrsException#retryable()}) parks
     * nothing: every aggregate would fail alike, so the batch fails and the runner backs off, as under {@link #STOP}.
     */
    PARK
}
