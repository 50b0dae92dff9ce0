package dev.escqrs.core.projection;

/**
 * What a projection does with a change record that holds no event of ours: a record from another table, a MODIFY or
 * REMOVE (events are only ever inserted), an item that is no event, an unknown event name, a malformed record. One
 * policy for every way a projection runs: {@link ProjectionSpec#badRecords()} for the Lambda handler and the KCL
 * worker, and the stream decoders and DynamoDB change feed a {@link ProjectionRunner} reads.
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
    SKIP
}
