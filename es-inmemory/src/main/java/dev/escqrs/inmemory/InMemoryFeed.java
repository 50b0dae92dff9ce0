package dev.escqrs.inmemory;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The change feed of {@link InMemoryEventStore}: every event in the global append order, under the store's lock; a
 * checkpoint is a position in that order (the number of events before it).
 */
final class InMemoryFeed {
    private final ReentrantReadWriteLock lock;
    private final List<EncodedEvent> log = new ArrayList<>();

    InMemoryFeed(ReentrantReadWriteLock lock) {
        this.lock = lock;
    }

    /** Adds an append's events at the end; the caller holds the write lock. */
    void add(List<EncodedEvent> events) {
        log.addAll(events);
    }

    Checkpoint head() {
        lock.readLock().lock();
        try {
            return new Checkpoint(Integer.toString(log.size()));
        } finally {
            lock.readLock().unlock();
        }
    }

    FeedBatch read(Checkpoint after, int maxEvents, JsonCodec codec) {
        if (maxEvents < 1) {
            throw new InvalidInputException("maxEvents must be 1 or more, got " + maxEvents);
        }
        long position = position(after);
        lock.readLock().lock();
        List<EncodedEvent> page;
        try {
            if (position > log.size()) {
                throw new InvalidInputException("checkpoint %s is beyond the end of this store's feed (%d events)"
                        .formatted(after.value(), log.size()));
            }
            page = List.copyOf(log.subList((int) position, (int) Math.min(log.size(), position + maxEvents)));
        } finally {
            lock.readLock().unlock();
        }
        return new FeedBatch(
                page.stream().map(codec::decode).toList(), new Checkpoint(Long.toString(position + page.size())));
    }

    private static long position(Checkpoint checkpoint) {
        if (checkpoint.isStart()) {
            return 0;
        }
        try {
            long position = Long.parseLong(checkpoint.value());
            if (position < 0) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "'%s' is not a checkpoint of the in-memory feed".formatted(checkpoint.value()));
        }
    }
}
