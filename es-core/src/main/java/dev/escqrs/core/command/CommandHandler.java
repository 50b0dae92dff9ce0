package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.error.RetriesExhaustedException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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

    private final AggregateType<E, S> type;
    private final AggregateCache<S> cache;
    private final AggregateHistory<E, S> history;
    private final CommandAttempts<C, E, S> attempts;
    private final CommandTracer tracer;
    private final CommandObserver observer;

    private CommandHandler(Builder<C, E, S> b) {
        // at start, not at the first emit of an event class nobody registered
        this.type = b.type.requireEveryEventRegistered();
        EventStore store = Objects.requireNonNull(b.store, "store: call store(eventStore, reader) on the builder");
        AggregateReader reader =
                Objects.requireNonNull(b.reader, "reader: call store(eventStore, reader) on the builder");
        this.cache = new AggregateCache<>(b.cacheSize);
        this.history = new AggregateHistory<>(type, Reducer.of(type, b.decider), store, reader);
        this.attempts =
                new CommandAttempts<>(type, b.decider, store, b.eventIds, b.retryPolicy, cache, b.observer, history);
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
            CommandResult<E, S> result = this.attempts.run(request, trace.traceParent(), commandType);
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

    /**
     * The current aggregate, for queries: one read of the row, or, when the row cannot serve as the current state, a
     * fold of the events (one consistent read of the history).
     */
    public Optional<Aggregate<S>> read(String aggregateId) {
        return history.read(aggregateId);
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
        Aggregate<S> rebuilt = history.repair(aggregateId);
        cache.put(rebuilt);
        return rebuilt;
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
