package dev.escqrs.core.command;

import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.core.internal.Identifiers;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One command for one aggregate, with who sends it and what they expect.
 *
 * <ul>
 *   <li>{@link #create}: the aggregate must not exist (a {@code ConflictException} if it does). Without an id the
 *       handler generates a ULID.</li>
 *   <li>{@link #update}: the aggregate must exist (a {@code NotFoundException} if not). With
 *       {@link #expectingVersion} the command runs only if the aggregate is still at that version.</li>
 *   <li>{@link #createOrUpdate}: decided on the aggregate as it stands, or on the initial state when it does not
 *       exist yet (then it must decide at least one event). What a reaction sends to an aggregate that the first of
 *       its events creates, as an Equinox stream is created by its first write.</li>
 * </ul>
 *
 * <p>{@link #withIdempotencyKey} makes a command safe to send again: a repeat of the same key by the same actor on
 * the same aggregate is answered with the first outcome and writes nothing (see {@link CommandHandler#handle}).
 *
 * <pre>{@code
 * handler.handle(CommandRequest.update(postId, actorId, new ChangeTitle("New")).expectingVersion(3));
 * }</pre>
 */
public record CommandRequest<C>(
        Intent intent,
        Optional<String> aggregateId,
        String actorId,
        C command,
        OptionalLong expectedVersion,
        EventMetadata metadata,
        Optional<String> idempotencyKey) {
    /** Whether the command creates the aggregate or changes an existing one. */
    public enum Intent {
        CREATE,
        UPDATE,
        CREATE_OR_UPDATE
    }

    public CommandRequest {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(aggregateId, "aggregateId");
        aggregateId.ifPresent(id -> Identifiers.requireValid("aggregateId", id));
        Identifiers.requireValid("actorId", actorId);
        if (command == null) {
            throw new InvalidInputException("command is missing");
        }
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() < 0) {
            throw new InvalidInputException("expected version must be 0 or more, got " + expectedVersion.getAsLong());
        }
        if (intent != Intent.CREATE && aggregateId.isEmpty()) {
            throw new InvalidInputException("an update needs the aggregate's id");
        }
        Objects.requireNonNull(metadata, "metadata");
        if (metadata.idempotencyRecord().isPresent()) {
            throw new InvalidInputException(
                    "an idempotency record in the metadata is the handler's to set; use withIdempotencyKey(key)");
        }
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        idempotencyKey.ifPresent(IdempotencyKeys::requireValid);
    }

    /** A request without an idempotency key. */
    public CommandRequest(
            Intent intent,
            Optional<String> aggregateId,
            String actorId,
            C command,
            OptionalLong expectedVersion,
            EventMetadata metadata) {
        this(intent, aggregateId, actorId, command, expectedVersion, metadata, Optional.empty());
    }

    /** Creates an aggregate with a generated id (a ULID). */
    public static <C> CommandRequest<C> create(String actorId, C command) {
        return new CommandRequest<>(
                Intent.CREATE, Optional.empty(), actorId, command, OptionalLong.empty(), EventMetadata.NONE);
    }

    /**
     * Creates an aggregate with the caller's id (a natural key). Named apart from {@link #create(String, Object)}, whose
     * one string is the actor: a call cannot move an actor into the id's place by adding an argument.
     */
    public static <C> CommandRequest<C> createWithId(String aggregateId, String actorId, C command) {
        Identifiers.requireValid("aggregateId", aggregateId);
        return new CommandRequest<>(
                Intent.CREATE, Optional.of(aggregateId), actorId, command, OptionalLong.empty(), EventMetadata.NONE);
    }

    /** Changes an existing aggregate, whatever its version. */
    public static <C> CommandRequest<C> update(String aggregateId, String actorId, C command) {
        Identifiers.requireValid("aggregateId", aggregateId);
        return new CommandRequest<>(
                Intent.UPDATE, Optional.of(aggregateId), actorId, command, OptionalLong.empty(), EventMetadata.NONE);
    }

    /** Creates the aggregate with the caller's id if it does not exist yet, else changes it, whatever its version. */
    public static <C> CommandRequest<C> createOrUpdate(String aggregateId, String actorId, C command) {
        Identifiers.requireValid("aggregateId", aggregateId);
        return new CommandRequest<>(
                Intent.CREATE_OR_UPDATE,
                Optional.of(aggregateId),
                actorId,
                command,
                OptionalLong.empty(),
                EventMetadata.NONE);
    }

    /** This request, run only if the aggregate is at {@code version} (an update) when it runs. */
    public CommandRequest<C> expectingVersion(long version) {
        if (intent == Intent.CREATE) {
            throw new InvalidInputException("a create expects no version: the aggregate must not exist");
        }
        if (intent == Intent.CREATE_OR_UPDATE) {
            throw new InvalidInputException(
                    "createOrUpdate takes the aggregate at any version; use update to expect one");
        }
        return new CommandRequest<>(
                intent, aggregateId, actorId, command, OptionalLong.of(version), metadata, idempotencyKey);
    }

    /** This request, with correlation and causation ids for the events it produces. */
    public CommandRequest<C> withMetadata(EventMetadata newMetadata) {
        return new CommandRequest<>(
                intent, aggregateId, actorId, command, expectedVersion, newMetadata, idempotencyKey);
    }

    /**
     * This request with an idempotency key: 1 to {@value IdempotencyKeys#MAX_LENGTH} printable ASCII characters,
     * chosen by the sender for this one command (a UUID, or an id derived from what caused the command). A key is
     * the actor's: another actor's same key is another command. A create with a key and no id gets an id derived
     * from the aggregate type, actor and key, so its repeats find the aggregate it made.
     *
     * @throws InvalidInputException the key is empty, blank, too long or not printable ASCII
     */
    public CommandRequest<C> withIdempotencyKey(String key) {
        return new CommandRequest<>(
                intent,
                aggregateId,
                actorId,
                command,
                expectedVersion,
                metadata,
                Optional.of(IdempotencyKeys.requireValid(key)));
    }
}
