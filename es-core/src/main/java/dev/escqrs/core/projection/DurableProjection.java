package dev.escqrs.core.projection;

import dev.escqrs.core.port.Checkpoints;

/**
 * A projection whose state outlives the process (a table of its own, a database), and which keeps its runner's
 * checkpoint beside that state. A checkpoint is only true of the state it was saved with: kept elsewhere, a restart
 * over an emptied, restored or rebuilt read model would resume after events the model does not hold, and lose them
 * without an error. So the position lives where the state lives (in the same table, or the same transaction where
 * the database has them), and is restored, deleted and reset with it. A {@link ProjectionRunner} resumes a durable
 * projection at this checkpoint; a projection that is not durable is rebuilt from the event store at every start.
 *
 * <pre>{@code
 * final class PostTitles implements DurableProjection {
 *     private final Checkpoints checkpoints = DynamoDbCheckpoints.inTable(client, "post-titles", "postId");
 *     public Checkpoints checkpoints() { return checkpoints; }
 *     ...
 * }
 * }</pre>
 */
public interface DurableProjection extends Projection {
    /**
     * Where the runner keeps this projection's position: in the projection's own storage. {@link #reset()} forgets
     * the state; the runner deletes the checkpoint with it.
     */
    Checkpoints checkpoints();

    /**
     * Whether an operator may replay it from the start (default true). A projection with effects outside its state
     * (a reactor sends commands) answers false, and the runner refuses the replay, saying why.
     */
    default boolean replayable() {
        return true;
    }
}
