package dev.escqrs.testkit.store;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.AppendEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a history through a store's own append, in batches of at most {@value dev.escqrs.core.port.AppendBatch#MAX_EVENTS}: a prepared one
 * ({@link #append}), or one made from payloads ({@link #seed}).
 */
public final class Histories {
    private Histories() {}

    /**
     * Seeds {@code store} with a history of {@code aggregateId}: the envelopes are made here (ids and time now, versions
     * 1..n, the actor {@code "seed"}, event names from {@code type}), appended through the store's own append in
     * batches, with the aggregate folded by {@code decider}. Returns the aggregate after the last event. For a test
     * that needs a store holding some aggregates before it starts.
     *
     * <pre>{@code
     * Histories.seed(store, BLOG_POST, new BlogPostDecider(), "post-1",
     *     new BlogPostCreated("Hello", "alice"), new BlogPostPublished());
     * }</pre>
     */
    @SafeVarargs
    public static <E, S> Aggregate<S> seed(
            AppendEvents store, AggregateType<E, S> type, Decider<?, E, S> decider, String aggregateId, E... payloads) {
        return seed(store, type, decider, aggregateId, "seed", EventIds.system(), List.of(payloads));
    }

    /** As {@link #seed(AppendEvents, AggregateType, Decider, String, Object[])}, with the actor and ids given. */
    public static <E, S> Aggregate<S> seed(
            AppendEvents store,
            AggregateType<E, S> type,
            Decider<?, E, S> decider,
            String aggregateId,
            String actorId,
            EventIds ids,
            List<E> payloads) {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException(
                    "seeding %s %s: give at least one event".formatted(type.name(), aggregateId));
        }
        List<AggregateEvent<E>> events = new ArrayList<>(payloads.size());
        long version = 0;
        for (E payload : payloads) {
            events.add(new AggregateEvent<>(
                    ids.next(),
                    type.eventName(payload),
                    type.name(),
                    aggregateId,
                    ++version,
                    actorId,
                    payload,
                    EventMetadata.NONE));
        }
        return append(store, Reducer.of(type, decider), events).orElseThrow();
    }

    /**
     * Appends {@code events} (one aggregate's, starting at version 1) with the aggregate after each batch, folded by
     * {@code reducer}, and returns the aggregate after the last one.
     */
    public static <E, S> Optional<Aggregate<S>> append(
            AppendEvents store, Reducer<E, S> reducer, List<AggregateEvent<E>> events) {
        Optional<Aggregate<S>> current = Optional.empty();
        for (int from = 0; from < events.size(); from += StoreLimits.MAX_EVENTS) {
            List<AggregateEvent<E>> batch =
                    events.subList(from, Math.min(events.size(), from + StoreLimits.MAX_EVENTS));
            current = reducer.fold(current, batch);
            store.append(new AppendBatch<>(reducer.type(), current.orElseThrow(), batch));
        }
        return current;
    }
}
