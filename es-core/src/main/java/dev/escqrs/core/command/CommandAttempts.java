package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.RetriesExhaustedException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.core.idempotency.IdempotencyRecord;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.core.internal.Decisions;
import dev.escqrs.core.internal.Pauses;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One command, attempted until it is appended, answered or out of retries: load, decide, evolve, append; a lost race
 * is decided again on the fresh state, at once the first times, then after the policy's jittered wait.
 */
final class CommandAttempts<C, E, S> {
    /** Lost races retried at once on the row the refusal returned, before the policy's backoff applies. */
    private static final int IMMEDIATE_RETRIES = 2;

    private final AggregateType<E, S> type;
    private final Decider<C, E, S> decider;
    private final Reducer<E, S> reducer;
    private final EventStore store;
    private final EventIds eventIds;
    private final RetryPolicy retryPolicy;
    private final AggregateCache<S> cache;
    private final CommandObserver observer;
    private final CommandLoader<E, S> loader;
    private final AggregateHistory<E, S> history;

    CommandAttempts(
            AggregateType<E, S> type,
            Decider<C, E, S> decider,
            EventStore store,
            EventIds eventIds,
            RetryPolicy retryPolicy,
            AggregateCache<S> cache,
            CommandObserver observer,
            AggregateHistory<E, S> history) {
        this.type = type;
        this.decider = decider;
        this.reducer = history.reducer();
        this.store = store;
        this.eventIds = eventIds;
        this.retryPolicy = retryPolicy;
        this.cache = cache;
        this.observer = observer;
        this.history = history;
        this.loader = new CommandLoader<>(type, cache, history);
    }

    /** Runs {@code request}; its events carry {@code traceParent} unless the caller set one in their metadata. */
    CommandResult<E, S> run(CommandRequest<? extends C> sent, Optional<String> traceParent, String commandType) {
        CommandRequest<? extends C> request =
                traceParent.isEmpty() || sent.metadata().traceParent().isPresent()
                        ? sent
                        : sent.withMetadata(sent.metadata().withTraceParent(traceParent.get()));
        CommandLoader.RequestHashes hashes = CommandLoader.RequestHashes.of(request);
        String id = request.aggregateId()
                .orElseGet(() -> request.idempotencyKey()
                        .map(key -> IdempotencyKeys.derivedId(type.name(), request.actorId(), key))
                        .orElseGet(eventIds::next));
        Optional<Aggregate<S>> refreshed = Optional.empty();
        ConflictException lastRace = null;
        int immediateRetries = 0;
        int pauses = 0;
        boolean afterPause = false;
        long started = System.nanoTime();
        int attempt = 1;
        for (; attempt <= retryPolicy.maxAttempts(); attempt++) {
            CommandLoader.Loaded<S> loaded = loader.load(id, request, refreshed, hashes);
            if (loaded.repeated().isPresent()) {
                return history.replay(
                        loaded.current().orElseThrow(), loaded.repeated().get(), attempt);
            }
            Optional<Aggregate<S>> current = loaded.current();
            List<E> decided = decider.decide(
                    request.command(), current.map(Aggregate::state).orElseGet(decider::initialState));
            Decisions.check(type.name(), id, request.command(), decided, current.isEmpty());
            if (decided.isEmpty()) {
                return new CommandResult<>(current.orElseThrow(), List.of(), attempt);
            }
            List<AggregateEvent<E>> events = envelopes(id, current, decided, request, hashes);
            Aggregate<S> next = reducer.fold(current, events).orElseThrow();
            try {
                store.append(new AppendBatch<>(type, next, events));
                cache.put(next);
                return new CommandResult<>(next, events, attempt);
            } catch (ConflictException race) {
                if (request.intent() == CommandRequest.Intent.CREATE) {
                    // the id is taken: the caller's conflict, not a race to retry, unless it is this key's repeat
                    Optional<Aggregate<S>> existing = loader.fromConflict(id, race);
                    existing.ifPresent(cache::put);
                    Optional<KeyedCommand> first = loader.repeatOf(existing, hashes, request);
                    if (first.isPresent()) {
                        return history.replay(existing.orElseThrow(), first.get(), attempt);
                    }
                    throw ConflictException.alreadyExists(
                            type.name(),
                            id,
                            race.actualVersion()
                                    .orElseGet(() ->
                                            existing.map(Aggregate::version).orElse(0L)));
                }
                lastRace = race;
                refreshed = loader.fromConflict(id, race);
                refreshed.ifPresentOrElse(cache::put, () -> cache.remove(id));
                // with the current row in hand, a retry goes at once (a wait would let it go stale), the first few
                // times and always right after a pause (the row that refused the post-pause attempt is fresh); a
                // command that keeps losing on fresh rows, or has no row, waits with jitter, so that the writers of a
                // hot aggregate spread out
                boolean retryNow = refreshed.isPresent() && (afterPause || immediateRetries < IMMEDIATE_RETRIES);
                Duration left = retryPolicy.boundedByTime()
                        ? retryPolicy.maxElapsed().minusNanos(System.nanoTime() - started)
                        : Duration.ofDays(1);
                if (!left.isPositive()) {
                    break; // out of time: every lost race meanwhile was another writer's success
                }
                if (attempt < retryPolicy.maxAttempts()) {
                    observer.retrying(type.name(), commandType, attempt);
                    if (retryNow) {
                        immediateRetries += afterPause ? 0 : 1;
                        afterPause = false;
                    } else {
                        Duration pause = Pauses.after(
                                retryPolicy.baseDelay(), retryPolicy.maxDelay(), ++pauses, ThreadLocalRandom.current());
                        Pauses.sleep(pause.compareTo(left) < 0 ? pause : left, "waiting to retry a command");
                        afterPause = true;
                        // after a pause, a fresh read: what the refusal returned is older by the pause, and a store
                        // that returns the event in the way (DynamoDB's one-item mode) may return one behind the newest
                        refreshed = Optional.empty();
                        cache.remove(id);
                    }
                }
            }
        }
        throw new RetriesExhaustedException(type.name(), id, Math.min(attempt, retryPolicy.maxAttempts()), lastRace);
    }

    /** The decided payloads as envelopes after {@code current}; the first carries the key's idempotency record. */
    private List<AggregateEvent<E>> envelopes(
            String id,
            Optional<Aggregate<S>> current,
            List<E> decided,
            CommandRequest<? extends C> request,
            CommandLoader.RequestHashes hashes) {
        long version = current.map(Aggregate::version).orElse(0L);
        List<AggregateEvent<E>> events = new ArrayList<>(decided.size());
        for (E payload : decided) {
            String eventName = type.eventName(payload);
            EventMetadata metadata = hashes != null && events.isEmpty()
                    ? request.metadata()
                            .withIdempotencyRecord(
                                    new IdempotencyRecord(hashes.keyHash(), hashes.commandHash(), decided.size()))
                    : request.metadata();
            events.add(new AggregateEvent<>(
                    eventIds.next(), eventName, type.name(), id, ++version, request.actorId(), payload, metadata));
        }
        return events;
    }
}
