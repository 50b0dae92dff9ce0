package dev.escqrs.core.feed;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs a named consumer on any {@link ChangeFeed}: resumes from the consumer's stored checkpoint, hands each batch
 * (each aggregate's events in version order) to the handler, and stores the new checkpoint only after the handler
 * returned. A handler that throws gets the batch again; so does a consumer that stopped between its handler and the
 * checkpoint write. Consumers must tolerate repeats (keep the last version applied). While reads or the handler fail,
 * the poller backs off and logs one line when it starts failing, one a minute and one when it is back
 * ({@link PollingSubscription}).
 *
 * <p>For consumers that react to new events only. A read model that must hold every event, also those older than
 * the feed keeps (a DynamoDB stream keeps 24 hours), is a {@link dev.escqrs.core.projection.ProjectionRunner}.
 *
 * <pre>{@code
 * try (PollingSubscription s = new FeedPoller(feed, checkpoints).start("mailer", handler, Duration.ofSeconds(1))) {
 *     ...
 * }
 * }</pre>
 */
public final class FeedPoller {
    private final ChangeFeed feed;
    private final Checkpoints checkpoints;

    public FeedPoller(ChangeFeed feed, Checkpoints checkpoints) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    }

    /** Starts delivering to {@code handler} after {@code consumer}'s stored checkpoint (or from the feed's start). */
    public PollingSubscription start(String consumer, FeedHandler handler, Duration pollInterval) {
        Identifiers.requireValid("consumer", consumer);
        Objects.requireNonNull(handler, "handler");
        Checkpoint from = checkpoints.load(consumer).orElse(Checkpoint.START);
        return PollingSubscription.start(
                "feed consumer " + consumer,
                feed,
                from,
                batch -> {
                    handler.handle(batch);
                    checkpoints.save(consumer, batch.checkpoint());
                },
                pollInterval);
    }
}
