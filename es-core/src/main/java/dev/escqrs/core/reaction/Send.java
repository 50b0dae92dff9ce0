package dev.escqrs.core.reaction;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.command.CommandRequest;
import java.util.Objects;

/**
 * One command a {@link Reaction} calls for: the aggregate type it is for and the request. Plain data, so a reaction
 * is tested without a store; the {@link Reactor} runs it through that type's {@code CommandHandler}, adding the
 * idempotency key and the metadata (causation: the event; correlation: the event's, or the event itself).
 *
 * <pre>{@code
 * Send.to(AUTHOR, CommandRequest.createOrUpdate(authorId, "reaction:author-stats", new CountPost(postId)))
 * }</pre>
 */
public record Send(AggregateType<?, ?> target, CommandRequest<?> request) {
    public Send {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(request, "request");
        if (request.idempotencyKey().isPresent()) {
            throw new IllegalArgumentException(
                    "a reaction's command gets its idempotency key from the event that " + "caused it; do not set one");
        }
    }

    public static Send to(AggregateType<?, ?> target, CommandRequest<?> request) {
        return new Send(target, request);
    }

    /** The command's type name, for observers and logs. */
    public String commandType() {
        return request.command().getClass().getSimpleName();
    }
}
