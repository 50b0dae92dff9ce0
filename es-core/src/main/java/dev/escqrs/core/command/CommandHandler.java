package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.error.RetriesExhaustedException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.core.idempotency.IdempotencyRecord;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.core.internal.Decisions;
import dev.escqrs.core.internal.Pauses;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.ReadConsistency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs commands against one aggregate type: load the aggregate, check the caller's expected version, decide,
 * evolve, and append the events together with the new state in one atomic write.
 *
 * <p>Two kinds of conflict are kept apart. A caller who says "I saw version N" of an aggregate at M gets a
 * {@link ConflictException} of kind {@code VERSION_MISMATCH} at once, never retried. A race between this command's
 * load and its append (another writer appended first) is not the caller's doing: the command is decided again on
 * the fresh state, under the {@link RetryPolicy}; when every attempt loses, {@link RetriesExhaustedException}.
 *
 * <p>A create is one write and no read: the append's "must not exist" condition refuses an id that is taken, as a
 * {@code ConflictException} of kind {@code ALREADY_EXISTS}. Aggregates are cached (bounded, least recently used)
 * between commands, so a warm command costs one write and no read: the append's version condition proves the cached
 * state current or refutes it, and a refuted entry is refreshed from what the store returned with its refusal, or
 * dropped. The first two races lost with the current aggregate in hand are decided again at once; after that, or
 * when the store returned no usable row, the policy's jittered wait comes first.
 *
 * <p>The stored row is a cache of the fold of the events: a row the reader cannot use as the current state
 * ({@link UnreadableStateException}: another state version, a state class that changed) is rebuilt from the events
 * here, and the next command writes the rebuilt row. {@link #read} does the same for queries; {@link #repair}
 * rewrites a row from the events on demand.
 *
 * <p>A command whose decision is no events changes nothing and writes nothing. A create must decide at least one
 * event; the pure scenario runner applies the same rule.
 *
 * <p>A command sent with an idempotency key ({@link CommandRequest#withIdempotencyKey}) is safe to send again. Its
 * first event carries the key's hash and the command's ({@link dev.escqrs.core.idempotency.IdempotencyRecord}), in the same
 * atomic write, and the aggregate's row remembers its recent keys ({@link KeyedCommand}). A repeat of the key by the
 * same actor is answered from the store with the first outcome ({@link CommandResult#replayed()}): the aggregate as
 * that command left it and its events, whatever happened since; nothing is written, no version is checked, nothing
 * is decided. The same key with another command is refused ({@link IdempotencyKeyReusedException}). Two attempts in
 * flight at once end with one effect: the loser's append is refused by the version condition, and the row it gets
 * back names the key. A command that decides no events, or is refused, records no key.
 *
 * <pre>{@code
 * CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts =
 *     CommandHandler.builder(BLOG_POST, new BlogPostDecider())
 *         .store(store, store).build();
 * CommandResult<BlogPostEvent, BlogPost> r = posts.handle(CommandRequest.create("alice", new CreatePost("Hi")));
 * }</pre>
 */
public final class CommandHandler<C, E, S> {
    /**
     * What to do when a row and its events disagree, which escqrs's own writes never cause: the likely causes and the
     * fix, for every message that reports it.
     */
    public static final String TABLES_DISAGREE_ADVICE = "escqrs writes a row and its events in one transaction, so "
            + "the likely cause is outside it: on an emulator, a client that sent requests at the same time (moto "
            + "loses acknowledged writes then; use one request at a time: DynamoDbModule.Builder.emulator(endpoint), "
            + "or DynamoDbTestServer's serialClients), or on AWS a write by another program. Rewrite the row from "
            + "the events with CommandHandler.repair(id) (the example: --repair TYPE ID)";

    /** Lost races retried at once on the row the refusal returned, before the policy's backoff applies. */
    private static final int IMMEDIATE_RETRIES = 2;

    private final AggregateType<E, S> type;
    private final Decider<C, E, S> decider;
    private final Reducer<E, S> reducer;
    private final EventStore store;
    private final AggregateReader reader;
    private final EventIds eventIds;
    private final RetryPolicy retryPolicy;
    private final AggregateCache<S> cache;
    private final CommandObserver observer;
    private final CommandTracer tracer;

    private CommandHandler(Builder<C, E, S> b) {
        // at start, not at the first emit of an event class nobody registered
        this.type = b.type.requireEveryEventRegistered();
        this.decider = b.decider;
        this.reducer = Reducer.of(b.type, b.decider);
        this.store = Objects.requireNonNull(b.store, "store: call store(eventStore, reader) on the builder");
        this.reader = Objects.requireNonNull(b.reader, "reader: call store(eventStore, reader) on the builder");
        this.eventIds = b.eventIds;
        this.retryPolicy = b.retryPolicy;
        this.cache = new AggregateCache<>(b.cacheSize);
        this.observer = b.observer;
        this.tracer = b.tracer;
    }

    public static <C, E, S> Builder<C, E, S> builder(AggregateType<E, S> type, Decider<C, E, S> decider) {
        return new Builder<>(type, decider);
    }

    public AggregateType<E, S> type() {
        return type;
    }

    /** Creates an aggregate with a generated id. */
    public CommandResult<E, S> create(String actorId, C command) {
        return handle(CommandRequest.create(actorId, command));
    }

    /** Changes an aggregate only if it is at {@code expectedVersion}. */
    public CommandResult<E, S> update(String aggregateId, String actorId, C command, long expectedVersion) {
        return handle(CommandRequest.update(aggregateId, actorId, command).expectingVersion(expectedVersion));
    }

    /**
     * Runs one command.
     *
     * @throws NotFoundException an update of an aggregate that does not exist
     * @throws ConflictException a create of one that exists, or an expected version that is not the current one
     * @throws RetriesExhaustedException every attempt lost a race with another writer
     * @throws dev.escqrs.core.error.DomainException the decider refused the command
     */
    public CommandResult<E, S> handle(CommandRequest<? extends C> request) {
        Objects.requireNonNull(request, "request");
        String commandType = request.command().getClass().getSimpleName();
        long start = System.nanoTime();
        CommandObserver.Outcome outcome = CommandObserver.Outcome.FAILED;
        int attempts = 0;
        CommandTracer.Trace trace = tracer.start(type.name(), commandType);
        Throwable failure = null;
        try {
            CommandResult<E, S> result = run(traced(request, trace), commandType);
            attempts = result.attempts();
            outcome = result.replayed()
                    ? CommandObserver.Outcome.REPLAYED
                    : result.events().isEmpty() ? CommandObserver.Outcome.NO_OP : CommandObserver.Outcome.APPENDED;
            return result;
        } catch (DomainException refused) {
            outcome = CommandObserver.Outcome.REFUSED;
            throw refused;
        } catch (ConflictException conflict) {
            outcome = CommandObserver.Outcome.CONFLICT;
            throw conflict;
        } catch (RetriesExhaustedException gaveUp) {
            outcome = CommandObserver.Outcome.GAVE_UP;
            attempts = gaveUp.attempts();
            throw gaveUp;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            observer.finished(type.name(), commandType, outcome, attempts, Duration.ofNanos(System.nanoTime() - start));
            trace.finished(outcome, attempts, Optional.ofNullable(failure));
            trace.close();
        }
    }

    /** The request with its trace's context in the metadata its events carry, when traced and not set already. */
    private CommandRequest<? extends C> traced(CommandRequest<? extends C> request, CommandTracer.Trace trace) {
        Optional<String> traceParent = trace.traceParent();
        if (traceParent.isEmpty() || request.metadata().traceParent().isPresent()) {
            return request;
        }
        return request.withMetadata(request.metadata().withTraceParent(traceParent.get()));
    }

    private CommandResult<E, S> run(CommandRequest<? extends C> request, String commandType) {
        Keyed keyed = request.idempotencyKey()
                .map(key -> new Keyed(
                        IdempotencyKeys.keyHash(request.actorId(), key),
                        IdempotencyKeys.commandHash(request.command())))
                .orElse(null);
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
            Loaded<S> loaded = load(id, request, refreshed, keyed);
            if (loaded.repeated().isPresent()) {
                return replay(loaded.current().orElseThrow(), loaded.repeated().get(), attempt);
            }
            Optional<Aggregate<S>> current = loaded.current();
            List<E> decided = decider.decide(
                    request.command(), current.map(Aggregate::state).orElseGet(decider::initialState));
            Decisions.check(type.name(), id, request.command(), decided, current.isEmpty());
            if (decided.isEmpty()) {
                return new CommandResult<>(current.orElseThrow(), List.of(), attempt);
            }
            List<AggregateEvent<E>> events = envelopes(id, current, decided, request, keyed);
            Aggregate<S> next = reducer.fold(current, events).orElseThrow();
            try {
                store.append(new AppendBatch<>(type, next, events));
                cache.put(next);
                return new CommandResult<>(next, events, attempt);
            } catch (ConflictException race) {
                if (request.intent() == CommandRequest.Intent.CREATE) {
                    // the id is taken: the caller's conflict, not a race to retry, unless it is this key's repeat
                    Optional<Aggregate<S>> existing = fromConflict(id, race);
                    existing.ifPresent(cache::put);
                    Optional<KeyedCommand> first = repeatOf(existing, keyed, request);
                    if (first.isPresent()) {
                        return replay(existing.orElseThrow(), first.get(), attempt);
                    }
                    throw ConflictException.alreadyExists(
                            type.name(),
                            id,
                            race.actualVersion()
                                    .orElseGet(() ->
                                            existing.map(Aggregate::version).orElse(0L)));
                }
                lastRace = race;
                refreshed = fromConflict(id, race);
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

    /**
     * The current aggregate, for queries: one read of the row, or, when the row cannot serve as the current state, a
     * fold of the events (one consistent read of the history).
     */
    public Optional<Aggregate<S>> read(String aggregateId) {
        try {
            return reader.read(type, aggregateId);
        } catch (UnreadableStateException stale) {
            return Optional.of(rebuild(aggregateId, stale));
        }
    }

    /**
     * Rebuilds the aggregate's row from its events and writes it, conditionally (no event is written): for a row that
     * cannot be read as the current state, or one that fell behind its events through writes outside escqrs (then
     * every command on it fails with "the tables disagree" until repaired).
     *
     * @return the rebuilt aggregate
     * @throws NotFoundException no event is stored for the aggregate
     * @throws ConflictException a command changed the aggregate while it was being rebuilt (run it again)
     */
    public Aggregate<S> repair(String aggregateId) {
        String[] lastEventId = new String[1];
        Optional<Aggregate<S>> folded;
        try (java.util.stream.Stream<AggregateEvent<E>> events = store.events(type, aggregateId)) {
            folded = reducer.fold(
                    Optional.empty(),
                    events.peek(e -> lastEventId[0] = e.eventId()).iterator());
        }
        Aggregate<S> rebuilt = folded.orElseThrow(() -> new NotFoundException(type.name(), aggregateId));
        if (!store.rewrite(type, rebuilt, lastEventId[0])) {
            throw ConflictException.concurrentAppend(
                    type.name(), aggregateId, rebuilt.version(), Optional.empty(), Optional.empty());
        }
        cache.put(rebuilt);
        return rebuilt;
    }

    /** The fold of every stored event; its version must be the row's, else the tables disagree. */
    private Aggregate<S> rebuild(String id, UnreadableStateException stale) {
        Optional<Aggregate<S>> folded;
        try (java.util.stream.Stream<AggregateEvent<E>> events = store.events(type, id)) {
            folded = reducer.fold(Optional.empty(), events.iterator()); // lazily: a long history is never one list
        }
        Aggregate<S> rebuilt = folded.orElseThrow(() -> new EscqrsException(
                "%s %s: the row says version %d but no event is stored".formatted(type.name(), id, stale.version()),
                stale));
        if (rebuilt.version() != stale.version()) {
            throw new EscqrsException(
                    ("%s %s: the row says version %d but the events end at version %d; the tables " + "disagree. %s")
                            .formatted(type.name(), id, stale.version(), rebuilt.version(), TABLES_DISAGREE_ADVICE),
                    stale);
        }
        return rebuilt;
    }

    /**
     * The aggregate to decide on, and whether the request repeats a command it remembers (then nothing else was
     * checked: the first outcome is the answer).
     */
    private record Loaded<S>(Optional<Aggregate<S>> current, Optional<KeyedCommand> repeated) {
        static <S> Loaded<S> of(Optional<Aggregate<S>> current) {
            return new Loaded<>(current, Optional.empty());
        }
    }

    /** The aggregate to decide on, after the idempotency, existence and expected-version checks. */
    private Loaded<S> load(
            String id, CommandRequest<? extends C> request, Optional<Aggregate<S>> refreshed, Keyed keyed) {
        Optional<Aggregate<S>> current = refreshed.isPresent() ? refreshed : cache.get(id);
        boolean fresh = refreshed.isPresent();
        // a stale cached row that lacks the key only costs a refused append, whose returned row is checked again
        Optional<KeyedCommand> repeated = repeatOf(current, keyed, request);
        if (request.intent() == CommandRequest.Intent.CREATE) {
            // no read: the append's "must not exist" condition refuses an existing id, and its refusal says so
            if (current.isPresent() && repeated.isEmpty()) {
                throw ConflictException.alreadyExists(
                        type.name(), id, current.get().version());
            }
            return new Loaded<>(current, repeated);
        }
        if (current.isEmpty()) {
            current = read(id);
            fresh = true;
            repeated = repeatOf(current, keyed, request);
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
                current = read(id);
                if (current.isEmpty()) {
                    throw new NotFoundException(type.name(), id);
                }
                cache.put(current.get());
                repeated = repeatOf(current, keyed, request);
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

    private List<AggregateEvent<E>> envelopes(
            String id,
            Optional<Aggregate<S>> current,
            List<E> decided,
            CommandRequest<? extends C> request,
            Keyed keyed) {
        long version = current.map(Aggregate::version).orElse(0L);
        List<AggregateEvent<E>> events = new ArrayList<>(decided.size());
        for (E payload : decided) {
            String eventName = type.eventName(payload);
            EventMetadata metadata = keyed != null && events.isEmpty()
                    ? request.metadata()
                            .withIdempotencyRecord(
                                    new IdempotencyRecord(keyed.keyHash, keyed.commandHash, decided.size()))
                    : request.metadata();
            events.add(new AggregateEvent<>(
                    eventIds.next(), eventName, type.name(), id, ++version, request.actorId(), payload, metadata));
        }
        return events;
    }

    /** A request's key and command, hashed as the store keeps them. */
    private record Keyed(String keyHash, String commandHash) {}

    /**
     * The remembered command {@code request} repeats, if {@code current} remembers its key.
     *
     * @throws IdempotencyKeyReusedException the key was used for another command
     */
    private Optional<KeyedCommand> repeatOf(
            Optional<Aggregate<S>> current, Keyed keyed, CommandRequest<? extends C> request) {
        if (keyed == null || current.isEmpty()) {
            return Optional.empty();
        }
        Optional<KeyedCommand> first = current.get().meta().keyedCommand(keyed.keyHash);
        if (first.isPresent() && !first.get().commandHash().equals(keyed.commandHash)) {
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

    /**
     * The first outcome of a repeated command, from the store: its events (one consistent read of them), and the
     * aggregate as they left it (the current one if nothing came after, else the fold of the history up to them).
     */
    private CommandResult<E, S> replay(Aggregate<S> current, KeyedCommand first, int attempt) {
        String id = current.id();
        List<AggregateEvent<E>> events = new ArrayList<>();
        Aggregate<S> after;
        if (current.version() == first.lastVersion()) {
            try (java.util.stream.Stream<AggregateEvent<E>> stored =
                    store.events(type, id, first.firstVersion(), ReadConsistency.STRONG)) {
                stored.takeWhile(e -> e.aggregateVersion() <= first.lastVersion())
                        .forEach(events::add);
            }
            after = current;
        } else {
            try (java.util.stream.Stream<AggregateEvent<E>> stored =
                    store.events(type, id, 1, ReadConsistency.STRONG)) {
                after = reducer.fold(
                                Optional.empty(),
                                stored.takeWhile(e -> e.aggregateVersion() <= first.lastVersion())
                                        .peek(e -> {
                                            if (e.aggregateVersion() >= first.firstVersion()) {
                                                events.add(e);
                                            }
                                        })
                                        .iterator())
                        .orElseThrow();
            }
        }
        if (events.size() != first.lastVersion() - first.firstVersion() + 1) {
            throw new EscqrsException(("%s %s: the row remembers a command at versions %d to %d but the store holds "
                            + "%d of its events; the tables disagree. %s")
                    .formatted(
                            type.name(),
                            id,
                            first.firstVersion(),
                            first.lastVersion(),
                            events.size(),
                            TABLES_DISAGREE_ADVICE));
        }
        return new CommandResult<>(after, events, attempt, true);
    }

    private Optional<Aggregate<S>> fromConflict(String id, ConflictException race) {
        return type.currentIn(race).filter(aggregate -> aggregate.id().equals(id));
    }

    /** Configures a {@link CommandHandler}; {@link #store} is required, the rest has defaults. */
    public static final class Builder<C, E, S> {
        private final AggregateType<E, S> type;
        private final Decider<C, E, S> decider;
        private EventStore store;
        private AggregateReader reader;
        private EventIds eventIds = EventIds.system();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int cacheSize = 10_000;
        private CommandObserver observer = CommandObserver.NONE;
        private CommandTracer tracer = CommandTracer.NONE;

        private Builder(AggregateType<E, S> type, Decider<C, E, S> decider) {
            this.type = Objects.requireNonNull(type, "type");
            this.decider = Objects.requireNonNull(decider, "decider");
        }

        /** Where events are appended and read, and aggregates read (usually the same store object). */
        public Builder<C, E, S> store(EventStore store, AggregateReader reader) {
            this.store = Objects.requireNonNull(store, "store");
            this.reader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /** Event ids, and so event time (default: monotonic ULIDs on the system clock). */
        public Builder<C, E, S> eventIds(EventIds eventIds) {
            this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
            return this;
        }

        /** Retries after lost races (default {@link RetryPolicy#DEFAULT}). */
        public Builder<C, E, S> retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** How many aggregates to keep for warm commands (default 10,000; 0 turns the cache off). */
        public Builder<C, E, S> cacheSize(int cacheSize) {
            if (cacheSize < 0) {
                throw new IllegalArgumentException("cacheSize must be 0 or more, got " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        /** Told each command's outcome, attempts and time, and each retried race (default: nobody). */
        public Builder<C, E, S> observer(CommandObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Traces each command (es-opentelemetry: a span per command, its trace context in the events' metadata;
         * default: none).
         */
        public Builder<C, E, S> tracer(CommandTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * @throws IllegalArgumentException the type's sealed event interface permits an event class its
         *                                  {@code EventTypes} does not register (named in the message, with the fix)
         */
        public CommandHandler<C, E, S> build() {
            return new CommandHandler<>(this);
        }
    }
}
