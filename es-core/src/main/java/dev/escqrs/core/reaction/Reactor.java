package dev.escqrs.core.reaction;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.DurableProjection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a {@link Reaction} as a durable projection, so it runs under every runner a projection runs under: the
 * in-process {@code ProjectionRunner}, the Lambda stream handler (partial batch responses) and the KCL worker. The
 * runner's {@code Projector} hands it each source aggregate's events in version order, repeats skipped and gaps
 * filled; for each event the reactor sends the commands the reaction calls for, each with an idempotency key derived
 * from the event ({@code name:eventId:index}), causation id the event's id and correlation id the event's (or the
 * event's id), then records the event in its {@link ReactionLedger}.
 *
 * <p>Delivery is at least once, the effect exactly once: an event delivered again is skipped by the ledger, and an
 * event whose commands were sent but not yet recorded (a crash in between) sends them again with the same keys, which
 * their aggregates answer with the first outcome ({@link ReactionObserver.Delivery#DUPLICATE}).
 *
 * <p>The policy for a command that fails, by the error's {@link EscqrsException#category() category}:
 * <ul>
 *   <li>refused by its aggregate, which sending it again cannot change ({@code REFUSED}: a {@code DomainException};
 *       {@code CONFLICT}: an id taken, a key reused; {@code NOT_FOUND}; {@code INVALID}: a value or size no store
 *       takes): logged, reported as {@link ReactionObserver.Delivery#REFUSED}, and skipped; the reaction goes on with
 *       the next command;</li>
 *   <li>anything else ({@code UNAVAILABLE}: the store, every retry lost a race; {@code INTERNAL}; not an escqrs
 *       error): reported as
 *       {@link ReactionObserver.Delivery#FAILED} and thrown, so the event is not recorded and comes again: the runner
 *       retries after its poll interval, Lambda reports the record as a batch item failure, KCL does not checkpoint.</li>
 * </ul>
 *
 * <pre>{@code
 * Reactor stats = Reactor.builder("author-stats", countPublished).handlers(authors).ledger(ledger)
 *     .observer(metrics).build();
 * ProjectionSpec spec = ProjectionSpec.builder(stats.name(), stats).aggregates(BLOG_POST).store(store).build();
 * ProjectionRunner.builder(spec).feed(feed).build().start();
 * }</pre>
 */
public final class Reactor implements DurableProjection {
    /** The longest reactor name: its keys are {@code name:eventId:index}, within the 255 characters of a key. */
    public static final int MAX_NAME_LENGTH = 200;
    /** How many source aggregates' command-free versions are kept in memory (least recently used go first). */
    private static final int SEEN_REMEMBERED = 100_000;

    private final String name;
    private final Reaction reaction;
    private final ReactionLedger ledger;
    private final CommandDelivery delivery;
    /** Versions of events that called for no command: not worth a write to the ledger, so kept here. */
    private final Map<String, Long> seen = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            // bounded as the projector's own cache: a forgotten entry only costs reading those events again
            return size() > SEEN_REMEMBERED;
        }
    };

    private Reactor(Builder b) {
        this.name = b.name;
        this.reaction = b.reaction;
        this.ledger = Objects.requireNonNull(
                b.ledger,
                "ledger: call ledger(...) on the builder (ReactionLedger."
                        + "inMemory() for the in-memory store, DynamoDbReactionLedger on DynamoDB)");
        this.delivery = new CommandDelivery(name, b.handlers, b.observer);
    }

    public static Builder builder(String name, Reaction reaction) {
        return new Builder(name, reaction);
    }

    public String name() {
        return name;
    }

    /** The reaction it runs. */
    public Reaction reaction() {
        return reaction;
    }

    /** The aggregate types whose events the reaction reads. */
    public Set<AggregateType<?, ?>> aggregates() {
        return reaction.aggregates();
    }

    /** What the reactor's commands did since it was made. */
    public record Counts(long sent, long duplicates, long refused, long failed) {}

    public Counts counts() {
        return delivery.counts();
    }

    /** A replay would send the reaction's commands again: refused. */
    @Override
    public boolean replayable() {
        return false;
    }

    @Override
    public long appliedVersion(String aggregateName, String aggregateId) {
        long recorded = ledger.reactedVersion(aggregateName, aggregateId);
        return Math.max(recorded, seen.getOrDefault(StreamIds.of(aggregateName, aggregateId), 0L));
    }

    @Override
    public void apply(AggregateEvent<?> event) {
        List<Send> sends = reaction.react(event);
        delivery.send(event, sends);
        if (sends.isEmpty()) {
            seen.put(StreamIds.of(event.aggregateName(), event.aggregateId()), event.aggregateVersion());
        } else {
            ledger.recordReacted(event.aggregateName(), event.aggregateId(), event.aggregateVersion());
        }
    }

    /**
     * Refused: a reaction's commands cannot be taken back, and a reset would send every one of them again (their
     * aggregates remember keys only for a while). To run a changed reaction over old events, give it a new name and
     * a new ledger, and decide which events it should see.
     */
    @Override
    public void reset() {
        throw new UnsupportedOperationException(("reaction %s cannot be reset: its commands were sent and cannot be "
                        + "taken back, and a reset would send them all again; give a changed reaction a new name and ledger")
                .formatted(name));
    }

    @Override
    public Checkpoints checkpoints() {
        return ledger.checkpoints();
    }

    /** Configures a {@link Reactor}: a ledger is required. */
    public static final class Builder {
        private final String name;
        private final Reaction reaction;
        private ReactionLedger ledger;
        private ReactionObserver observer = ReactionObserver.NONE;
        private final Map<String, CommandHandler<?, ?, ?>> handlers = new HashMap<>();

        private Builder(String name, Reaction reaction) {
            if (name == null
                    || name.isBlank()
                    || name.length() > MAX_NAME_LENGTH
                    || name.contains(":")
                    || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new InvalidInputException(("a reactor's name is 1 to %d printable ASCII characters without "
                                + "spaces or ':' (it starts the keys of its commands); got '%s'")
                        .formatted(MAX_NAME_LENGTH, name));
            }
            this.name = name;
            this.reaction = Objects.requireNonNull(reaction, "reaction");
        }

        /** Where it records how far it reacted: durable as long as the event store is. Required. */
        public Builder ledger(ReactionLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** The handlers of the aggregate types the reaction sends commands to. Required. */
        public Builder handlers(CommandHandler<?, ?, ?>... commandHandlers) {
            for (CommandHandler<?, ?, ?> handler : commandHandlers) {
                handlers.put(handler.type().name(), Objects.requireNonNull(handler, "handler"));
            }
            return this;
        }

        /** Told each command's outcome (default: nobody). */
        public Builder observer(ReactionObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public Reactor build() {
            return new Reactor(this);
        }
    }
}
