package dev.escqrs.core.projection;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.UnreadableEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A runner's backfill from the event store: every stored event of the projection's aggregates, read in
 * {@code segments} parts in parallel (on DynamoDB a parallel {@code Scan}) and applied a page at a time. A runner that
 * parks decodes here, so that an event the codec cannot read parks its aggregate instead of stopping the backfill.
 */
final class StoreBackfill {
    private static final int PAGE = 200;

    private final String name;
    private final EventStore store;
    private final Projector projector;
    private final JsonCodec codec;
    private final int segments;

    StoreBackfill(String name, EventStore store, Projector projector, JsonCodec codec, int segments) {
        this.name = name;
        this.store = store;
        this.projector = projector;
        this.codec = codec;
        this.segments = segments;
    }

    /**
     * Reads and applies every segment while {@code running}; false when it was stopped half way.
     *
     * @param apply applies a page of events and the events of it that could not be decoded
     */
    boolean run(BooleanSupplier running, BiConsumer<List<AggregateEvent<Object>>, List<UnreadableEvent>> apply) {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                int s = segment;
                parts.add(pool.submit(() -> segment(s, running, apply)));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the backfill of " + name, e);
        } finally {
            pool.shutdownNow();
        }
        return running.getAsBoolean();
    }

    private void segment(
            int segment,
            BooleanSupplier running,
            BiConsumer<List<AggregateEvent<Object>>, List<UnreadableEvent>> apply) {
        if (projector.parks()) {
            try {
                decodingHere(segment, running, apply);
                return;
            } catch (UnsupportedOperationException storeDecodesItself) {
                // a store that only hands out decoded events: read them so (an undecodable one stops the backfill)
            }
        }
        try (Stream<AggregateEvent<Object>> events = store.allEvents(projector.aggregateNames(), segment, segments)) {
            Iterator<AggregateEvent<Object>> it = events.iterator();
            List<AggregateEvent<Object>> page = new ArrayList<>(PAGE);
            while (running.getAsBoolean() && it.hasNext()) {
                page.add(it.next());
                if (page.size() == PAGE) {
                    apply.accept(page, List.of());
                    page.clear();
                }
            }
            if (running.getAsBoolean()) {
                apply.accept(page, List.of());
            }
        }
    }

    /** The backfill of a runner that parks: an event the codec cannot decode parks its aggregate, not the backfill. */
    private void decodingHere(
            int segment,
            BooleanSupplier running,
            BiConsumer<List<AggregateEvent<Object>>, List<UnreadableEvent>> apply) {
        try (Stream<EncodedEvent> stored = store.allEncodedEvents(projector.aggregateNames(), segment, segments)) {
            Iterator<EncodedEvent> it = stored.iterator();
            List<AggregateEvent<Object>> page = new ArrayList<>(PAGE);
            List<UnreadableEvent> unreadable = new ArrayList<>();
            while (running.getAsBoolean() && it.hasNext()) {
                EncodedEvent event = it.next();
                try {
                    page.add(codec.decode(event));
                } catch (EscqrsException cannotDecode) {
                    unreadable.add(new UnreadableEvent(
                            event.aggregateName(),
                            event.aggregateId(),
                            event.aggregateVersion(),
                            event.eventId(),
                            event.eventName(),
                            String.valueOf(cannotDecode.getMessage()),
                            event.payload().toString()));
                }
                if (page.size() + unreadable.size() >= PAGE) {
                    apply.accept(page, unreadable);
                    page.clear();
                    unreadable.clear();
                }
            }
            if (running.getAsBoolean()) {
                apply.accept(page, unreadable);
            }
        }
    }
}
