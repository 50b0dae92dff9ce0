package dev.escqrs.spring.boot.web;

import dev.escqrs.core.command.CommandResult;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Responses to a handled command, as the example's service gives them: {@code ETag: "<version>"}, the aggregate's
 * version after the command (what the client sends back as {@code If-Match}), and {@code Idempotent-Replayed: true}
 * when the result is the replay of an earlier command with the same idempotency key. A replay is answered as the first
 * time (the same status, {@code Location}, {@code ETag}, and the body the controller builds from the same aggregate).
 *
 * <pre>{@code
 * CommandResult<BlogPostEvent, BlogPost> result = posts.handle(request);
 * return CommandResponses.ok(result).body(PostView.of(result.aggregate()));
 * }</pre>
 */
public final class CommandResponses {
    /** The header that marks the response to a repeated idempotency key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private CommandResponses() {}

    /** 200 with the result's {@code ETag}, and {@code Idempotent-Replayed} for a replay. */
    public static ResponseEntity.BodyBuilder ok(CommandResult<?, ?> result) {
        return of(HttpStatus.OK, result);
    }

    /** 201 with {@code Location} and the result's {@code ETag}, and {@code Idempotent-Replayed} for a replay. */
    public static ResponseEntity.BodyBuilder created(URI location, CommandResult<?, ?> result) {
        return of(HttpStatus.CREATED, result).location(location);
    }

    /** {@code status} with the result's {@code ETag}, and {@code Idempotent-Replayed} for a replay. */
    public static ResponseEntity.BodyBuilder of(HttpStatus status, CommandResult<?, ?> result) {
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(status).eTag(etag(result.aggregate().version()));
        if (result.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response;
    }

    /** The entity tag of an aggregate at {@code version}, {@code "3"}: what {@link ExpectedVersion} reads back. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
