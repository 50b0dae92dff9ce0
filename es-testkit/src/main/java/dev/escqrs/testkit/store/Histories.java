package dev.escqrs.testkit.store;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.AppendEvents;

import java.util.List;
import java.util.Optional;

/** Writes a prepared history through a store's own append, in batches of at most {@value dev.escqrs.core.port.StoreLimits#MAX_EVENTS}. */
public final class Histories {
    private Histories() {
    }

    /**
     * Appends {@code events} (one aggregate's, starting at version 1) with the aggregate after each batch, folded by
     * {@code reducer}, and returns the aggregate after the last one.
     */
    public static <S, E> Optional<Aggregate<S>> append(AppendEvents store, Reducer<S, E> reducer,
                                                       List<AggregateEvent<E>> events) {
        Optional<Aggregate<S>> current = Optional.empty();
        for (int from = 0; from < events.size(); from += dev.escqrs.core.port.StoreLimits.MAX_EVENTS) {
            List<AggregateEvent<E>> batch = events.subList(from, Math.min(events.size(), from + dev.escqrs.core.port.StoreLimits.MAX_EVENTS));
            current = reducer.fold(current, batch);
            store.append(new AppendBatch<>(reducer.type(), current.orElseThrow(), batch));
        }
        return current;
    }
}
