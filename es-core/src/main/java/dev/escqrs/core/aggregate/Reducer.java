package dev.escqrs.core.aggregate;

import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.idempotency.KeyedCommand;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Folds envelopes onto an aggregate with the domain's {@code evolve}, refusing what would corrupt it: an event of
 * another aggregate type or id, a version that leaves a gap, and a version already applied. Each refusal is an
 * {@link EventSequenceException} naming the aggregate, the event and the versions. Nothing is skipped silently.
 *
 * <pre>{@code
 * Reducer<BlogPostEvent, BlogPost> reducer = Reducer.of(BLOG_POST, decider);
 * Optional<Aggregate<BlogPost>> post = reducer.fold(Optional.empty(), events);
 * }</pre>
 */
public final class Reducer<E, S> {
    private final AggregateType<E, S> type;
    private final S initialState;
    private final BiFunction<S, E, S> evolve;

    public Reducer(AggregateType<E, S> type, S initialState, BiFunction<S, E, S> evolve) {
        this.type = Objects.requireNonNull(type, "type");
        this.initialState = Objects.requireNonNull(initialState, "initialState");
        this.evolve = Objects.requireNonNull(evolve, "evolve");
    }

    public static <C, E, S> Reducer<E, S> of(AggregateType<E, S> type, Decider<C, E, S> decider) {
        return new Reducer<>(type, decider.initialState(), decider::evolve);
    }

    public AggregateType<E, S> type() {
        return type;
    }

    /** {@code current} with {@code event} applied; {@code current} empty means the aggregate does not exist yet. */
    public Aggregate<S> apply(Optional<Aggregate<S>> current, AggregateEvent<? extends E> event) {
        return fold(current, java.util.List.of(event).iterator()).orElseThrow();
    }

    /** Refuses an event that is not the next one of this aggregate; {@code id} is null before the first event. */
    private void check(String id, long currentVersion, AggregateEvent<? extends E> event) {
        Objects.requireNonNull(event, "event");
        if (!type.name().equals(event.aggregateName())) {
            throw new EventSequenceException("%s %s: event %s (%s) belongs to another aggregate type, %s %s"
                    .formatted(
                            type.name(),
                            id == null ? event.aggregateId() : id,
                            event.eventId(),
                            event.eventName(),
                            event.aggregateName(),
                            event.aggregateId()));
        }
        if (id != null && !id.equals(event.aggregateId())) {
            throw new EventSequenceException("%s %s: event %s (%s) belongs to another aggregate, %s %s"
                    .formatted(
                            type.name(),
                            id,
                            event.eventId(),
                            event.eventName(),
                            event.aggregateName(),
                            event.aggregateId()));
        }
        long version = event.aggregateVersion();
        if (version <= currentVersion) {
            throw new EventSequenceException("%s %s: event %s (%s) repeats version %d; the aggregate is at version %d"
                    .formatted(
                            type.name(),
                            event.aggregateId(),
                            event.eventId(),
                            event.eventName(),
                            version,
                            currentVersion));
        }
        if (version != currentVersion + 1) {
            throw new EventSequenceException(
                    ("%s %s: event %s (%s) is at version %d but the aggregate is at version %d; "
                                    + "versions %d to %d are missing")
                            .formatted(
                                    type.name(),
                                    event.aggregateId(),
                                    event.eventId(),
                                    event.eventName(),
                                    version,
                                    currentVersion,
                                    currentVersion + 1,
                                    version - 1));
        }
    }

    /** {@code start} with all {@code events} applied in the order given. */
    public Optional<Aggregate<S>> fold(
            Optional<Aggregate<S>> start, Iterable<? extends AggregateEvent<? extends E>> events) {
        return fold(start, events.iterator());
    }

    /**
     * {@code start} with all {@code events} applied in the order given; reads the iterator once, lazily. Every event is
     * checked; the metadata is built once, at the end (the hot loop allocates only what {@code evolve} does).
     */
    public Optional<Aggregate<S>> fold(
            Optional<Aggregate<S>> start, Iterator<? extends AggregateEvent<? extends E>> events) {
        String id = start.map(Aggregate::id).orElse(null);
        long version = start.map(Aggregate::version).orElse(0L);
        S state = start.map(Aggregate::state).orElse(initialState);
        AggregateEvent<? extends E> first = null;
        AggregateEvent<? extends E> last = null;
        List<KeyedCommand> keyed = null; // copied only when an event carries an idempotency record
        while (events.hasNext()) {
            AggregateEvent<? extends E> event = events.next();
            check(id, version, event);
            S next = evolve.apply(state, event.payload());
            if (next == null) {
                throw new EventSequenceException("%s %s: evolve returned null for event %s (%s) at version %d"
                        .formatted(
                                type.name(),
                                event.aggregateId(),
                                event.eventId(),
                                event.eventName(),
                                event.aggregateVersion()));
            }
            state = next;
            id = event.aggregateId();
            version = event.aggregateVersion();
            if (first == null) {
                first = event;
            }
            last = event;
            if (event.metadata().idempotencyRecord().isPresent()) {
                if (keyed == null) {
                    keyed = new ArrayList<>(
                            start.map(a -> a.meta().keyedCommands()).orElse(List.of()));
                }
                keyed.add(KeyedCommand.of(event.metadata().idempotencyRecord().get(), version, event.occurredAt()));
            }
        }
        if (last == null) {
            return start;
        }
        java.time.Instant createdAt = start.isPresent() ? start.get().meta().createdAt() : first.occurredAt();
        List<KeyedCommand> remembered =
                keyed != null ? keyed : start.map(a -> a.meta().keyedCommands()).orElse(List.of());
        return Optional.of(new Aggregate<>(
                new AggregateMeta(
                        id,
                        version,
                        last.actorId(),
                        createdAt,
                        last.occurredAt(),
                        remembered.isEmpty() ? remembered : KeyedCommand.window(remembered, last.occurredAt())),
                state));
    }
}
