package dev.escqrs.spring.boot.web;

import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import java.util.Optional;

/**
 * The request's {@code Idempotency-Key} (IETF httpapi draft): a structured-field string ({@code "..."}), or the bare
 * value as many clients send it; 1 to {@value IdempotencyKeys#MAX_LENGTH} printable ASCII characters
 * ({@link IdempotencyKeys#requireValid}), else the request is answered 400. A repeat of the key by the same actor
 * on the same aggregate gets the first command's result, {@link dev.escqrs.core.command.CommandResult#replayed()};
 * the same key for another command is answered 422 by {@link EscqrsProblems}.
 *
 * <p>A controller parameter of type {@code Optional<IdempotencyKey>} is read from the header, empty when it is missing;
 * one of type {@code IdempotencyKey} makes the header required (400 without it).
 *
 * <pre>{@code
 * var request = IdempotencyKey.applyTo(key, CommandRequest.create(actor, new CreatePost(body.title())));
 * }</pre>
 *
 * @param value the key, without the quotes of a structured-field string
 */
public record IdempotencyKey(String value) {
    /** The header's name. */
    public static final String HEADER = "Idempotency-Key";

    public IdempotencyKey {
        IdempotencyKeys.requireValid(value);
    }

    /**
     * The key an {@code Idempotency-Key} header carries.
     *
     * @throws CommandHeaderException 400 when the header is missing or not a valid key, saying why
     */
    public static IdempotencyKey fromHeader(String header) {
        if (header == null) {
            throw new CommandHeaderException(
                    ProblemType.INVALID_IDEMPOTENCY_KEY,
                    "this request needs an Idempotency-Key header: a key of your choice for this one command, "
                            + "like a UUID");
        }
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        try {
            return new IdempotencyKey(key);
        } catch (InvalidInputException e) {
            throw new CommandHeaderException(ProblemType.INVALID_IDEMPOTENCY_KEY, "Idempotency-Key: " + e.getMessage());
        }
    }

    /** {@code request} with this key ({@link CommandRequest#withIdempotencyKey}). */
    public <C> CommandRequest<C> applyTo(CommandRequest<C> request) {
        return request.withIdempotencyKey(value);
    }

    /** {@code request} with {@code key} if there is one, else {@code request} as it is. */
    public static <C> CommandRequest<C> applyTo(Optional<IdempotencyKey> key, CommandRequest<C> request) {
        return key.map(k -> k.applyTo(request)).orElse(request);
    }
}
