package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.core.idempotency.KeyedCommand;
import java.util.Optional;

/**
 * Finds the aggregate a command is decided on, from the cache when it can and the store when it must, after the
 * idempotency, existence and expected-version checks.
 */
final class CommandLoader<E, S> {
    private final AggregateType<E, S> type;
    private final AggregateCache<S> cache;
    private final AggregateHistory<E, S> history;

    CommandLoader(AggregateType<E, S> type, AggregateCache<S> cache, AggregateHistory<E, S> history) {
        this.type = type;
        this.cache = cache;
        this.history = history;
    }

    /** A request's key and command, hashed as the store keeps them. */
    record RequestHashes(String keyHash, String commandHash) {
        /** The request's, or null when it has no idempotency key. */
        static RequestHashes of(CommandRequest<?> request) {
            return request.idempotencyKey()
                    .map(key -> new RequestHashes(
                            IdempotencyKeys.keyHash(request.actorId(), key),
                            IdempotencyKeys.commandHash(request.command())))
                    .orElse(null);
        }
    }

    /**
     * The aggregate to decide on, and whether the request repeats a command it remembers (then nothing else was
     * checked: the first outcome is the answer).
     */
    record Loaded<S>(Optional<Aggregate<S>> current, Optional<KeyedCommand> repeated) {
        static <S> Loaded<S> of(Optional<Aggregate<S>> current) {
            return new Loaded<>(current, Optional.empty());
        }
    }

    /** The aggregate to decide on, after the idempotency, existence and expected-version checks. */
    Loaded<S> load(String id, CommandRequest<?> request, Optional<Aggregate<S>> refreshed, RequestHashes hashes) {
        Optional<Aggregate<S>> current = refreshed.isPresent() ? refreshed : cache.get(id);
        boolean fresh = refreshed.isPresent();
        // a stale cached row that lacks the key only costs a refused append, whose returned row is checked again
        Optional<KeyedCommand> repeated = repeatOf(current, hashes, request);
        if (request.intent() == CommandRequest.Intent.CREATE) {
            // no read: the append's "must not exist" condition refuses an existing id, and its refusal says so
            if (current.isPresent() && repeated.isEmpty()) {
                throw ConflictException.alreadyExists(
                        type.name(), id, current.get().version());
            }
            return new Loaded<>(current, repeated);
        }
        if (current.isEmpty()) {
            current = history.read(id);
            fresh = true;
            repeated = repeatOf(current, hashes, request);
        }
        if (repeated.isPresent()) {
            return new Loaded<>(current, repeated);
        }
        if (current.isEmpty()) {
            if (request.intent() == CommandRequest.Intent.CREATE_OR_UPDATE) {
                return Loaded.of(current); // decided on the initial state; a create that loses a race is retried
            }
            throw new NotFoundException(type.name(), id);
        }
        if (request.expectedVersion().isPresent()) {
            long expected = request.expectedVersion().getAsLong();
            if (current.get().version() != expected && !fresh) {
                // the cache may be behind the caller; only a fresh read can prove the caller wrong
                current = history.read(id);
                if (current.isEmpty()) {
                    throw new NotFoundException(type.name(), id);
                }
                cache.put(current.get());
                repeated = repeatOf(current, hashes, request);
                if (repeated.isPresent()) {
                    return new Loaded<>(current, repeated);
                }
            }
            if (current.get().version() != expected) {
                throw ConflictException.versionMismatch(
                        type.name(), id, expected, current.get().version());
            }
        }
        return Loaded.of(current);
    }

    /**
     * The remembered command {@code request} repeats, if {@code current} remembers its key.
     *
     * @throws IdempotencyKeyReusedException the key was used for another command
     */
    Optional<KeyedCommand> repeatOf(Optional<Aggregate<S>> current, RequestHashes hashes, CommandRequest<?> request) {
        if (hashes == null || current.isEmpty()) {
            return Optional.empty();
        }
        Optional<KeyedCommand> first = current.get().meta().keyedCommand(hashes.keyHash());
        if (first.isPresent() && !first.get().commandHash().equals(hashes.commandHash())) {
            throw new IdempotencyKeyReusedException(
                    type.name(),
                    current.get().id(),
                    request.actorId(),
                    request.command().getClass().getSimpleName(),
                    first.get().firstVersion(),
                    first.get().lastVersion());
        }
        return first;
    }

    /** The aggregate a store's refusal returned, when it is this one. */
    Optional<Aggregate<S>> fromConflict(String id, ConflictException race) {
        return type.currentIn(race).filter(aggregate -> aggregate.id().equals(id));
    }
}
