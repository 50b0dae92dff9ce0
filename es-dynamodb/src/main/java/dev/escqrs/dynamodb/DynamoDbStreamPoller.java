package dev.escqrs.dynamodb;

import dev.escqrs.core.event.Identifiers;
import dev.escqrs.core.feed.FeedHandler;
import dev.escqrs.core.feed.PollingSubscription;
import dev.escqrs.core.port.Checkpoint;

import java.time.Duration;

/**
 * Runs a named consumer on the events table's stream outside Lambda: resumes from the consumer's stored checkpoint,
 * hands each batch (each aggregate's events in version order) to the handler, and stores the new checkpoint only
 * after the handler returned. A handler that throws gets the batch again; so does a consumer that stopped between
 * its handler and the checkpoint write. Consumers must tolerate repeats (keep the last version applied).
 *
 * <pre>{@code
 * try (PollingSubscription s = new DynamoDbStreamPoller(feed, checkpoints).start("published-posts", handler, Duration.ofSeconds(1))) {
 *     ...
 * }
 * }</pre>
 */
public final class DynamoDbStreamPoller {
    private final DynamoDbChangeFeed feed;
    private final DynamoDbCheckpoints checkpoints;

    public DynamoDbStreamPoller(DynamoDbChangeFeed feed, DynamoDbCheckpoints checkpoints) {
        this.feed = feed;
        this.checkpoints = checkpoints;
    }

    /** Starts delivering to {@code handler} after {@code consumer}'s stored checkpoint (or from the oldest record). */
    public PollingSubscription start(String consumer, FeedHandler handler, Duration pollInterval) {
        Identifiers.requireValid("consumer", consumer);
        Checkpoint from = checkpoints.load(consumer).orElse(Checkpoint.START);
        return feed.subscribe(from, batch -> {
            handler.handle(batch);
            checkpoints.save(consumer, batch.checkpoint());
        }, pollInterval);
    }
}
