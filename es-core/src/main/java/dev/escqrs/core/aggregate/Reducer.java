package dev.escqrs.core.aggregate;

import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.event.AggregateEvent;

import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Folds envelopes onto an aggregate with the domain's {@code evolve}, refusing what would corrupt it: an event of
 * another aggregate type or id, a version that leaves a gap, and a version already applied. Each refusal is an
 * {@link EventSequenceException} naming the aggregate, the event and the versions. Nothing is skipped silently.
 *
 * <pre>{@code
 * Reducer<BlogPost, BlogPostEvent> reducer = Reducer.of(BLOG_POST, decider);
 * Optional<Aggregate<BlogPost>> post = reducer.fold(Optional.empty(), events);
 * }</pre>
 */
public final class Reducer<S, E> {
    private final AggregateType<S, E> type;
    private final S initialState;
    private final BiFunction<S, E, S> evolve;

    public Reducer(AggregateType<S, E> type, S initialState, BiFunction<S, E, S> evolve) {
        this.type = Objects.requireNonNull(type, "type");
        this.initialState = Objects.requireNonNull(initialState, "initialState");
        this.evolve = Objects.requireNonNull(evolve, "evolve");
    }

    public static <C, S, E> Reducer<S, E> of(AggregateType<S, E> type, Decider<C, E, S> decider) {
        return new Reducer<>(type, decider.initialState(), decider::evolve);
    }

    public AggregateType<S, E> type() {
        return type;
    }

    /** {@code current} with {@code event} applied; {@code current} empty means the aggregate does not exist yet. */
    public Aggregate<S> apply(Optional<Aggregate<S>> current, AggregateEvent<? extends E> event) {
        Objects.requireNonNull(event, "event");
        if (!type.name().equals(event.aggregateName())) {
            throw new EventSequenceException("%s %s: event %s (%s) belongs to another aggregate type, %s %s".formatted(
                    type.name(), current.map(Aggregate::id).orElse(event.aggregateId()), event.eventId(),
                    event.eventName(), event.aggregateName(), event.aggregateId()));
        }
        long currentVersion = current.map(Aggregate::version).orElse(0L);
        current.ifPresent(aggregate -> {
            if (!aggregate.id().equals(event.aggregateId())) {
                throw new EventSequenceException("%s %s: event %s (%s) belongs to another aggregate, %s %s".formatted(
                        type.name(), aggregate.id(), event.eventId(), event.eventName(), event.aggregateName(),
                        event.aggregateId()));
            }
        });
        long version = event.aggregateVersion();
        if (version <= currentVersion) {
            throw new EventSequenceException("%s %s: event %s (%s) repeats version %d; the aggregate is at version %d"
                    .formatted(type.name(), event.aggregateId(), event.eventId(), event.eventName(), version,
                            currentVersion));
        }
        if (version != currentVersion + 1) {
            throw new EventSequenceException(("%s %s: event %s (%s) is at version %d but the aggregate is at version %d; "
                    + "versions %d to %d are missing").formatted(type.name(), event.aggregateId(), event.eventId(),
                    event.eventName(), version, currentVersion, currentVersion + 1, version - 1));
        }
        S state = current.map(Aggregate::state).orElse(initialState);
        S next = evolve.apply(state, event.payload());
        if (next == null) {
            throw new EventSequenceException("%s %s: evolve returned null for event %s (%s) at version %d"
                    .formatted(type.name(), event.aggregateId(), event.eventId(), event.eventName(), version));
        }
        AggregateMeta meta = new AggregateMeta(event.aggregateId(), version, event.actorId(),
                current.map(a -> a.meta().createdAt()).orElse(event.occurredAt()), event.occurredAt());
        return new Aggregate<>(meta, next);
    }

    /** {@code start} with all {@code events} applied in the order given. */
    public Optional<Aggregate<S>> fold(Optional<Aggregate<S>> start, Iterable<? extends AggregateEvent<? extends E>> events) {
        return fold(start, events.iterator());
    }

    /** {@code start} with all {@code events} applied in the order given; reads the iterator once, lazily. */
    public Optional<Aggregate<S>> fold(Optional<Aggregate<S>> start, Iterator<? extends AggregateEvent<? extends E>> events) {
        Optional<Aggregate<S>> current = start;
        while (events.hasNext()) {
            current = Optional.of(apply(current, events.next()));
        }
        return current;
    }
}
