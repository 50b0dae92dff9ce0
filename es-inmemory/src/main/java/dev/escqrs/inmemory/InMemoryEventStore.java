package dev.escqrs.inmemory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.internal.runtime.ItemSizes;
import dev.escqrs.core.internal.runtime.ReadArguments;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.FeedBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An event store in memory, for local runs and fast tests: the same ports and the same contract as the DynamoDB
 * store, in one object. Events and state go through the {@link JsonCodec} on the way in and out, exactly as in
 * DynamoDB, so a payload that cannot be stored there is refused here, and what is read back is a copy.
 *
 * <p>Thread-safe. An append holds a write lock for its version check and its writes, so a batch is atomic and
 * appends to one aggregate are serialized; reads take a read lock per page. The change feed is the global append
 * order; its checkpoint is a position in it.
 *
 * <pre>{@code
 * InMemoryEventStore store = new InMemoryEventStore(JsonCodec.create(types));
 * }</pre>
 */
public final class InMemoryEventStore implements EventStore, AggregateReader, ChangeFeed {
    private static final int PAGE_SIZE = 256;

    private final JsonCodec codec;
    private final ReentrantReadWriteLock lock;
    private final Map<String, StoredStream> streams;
    private final List<EncodedEvent> log;
    private final Map<String, ConcurrentSkipListMap<String, EncodedEvent>> byName;

    /** One aggregate: its events in version order and its current row. */
    private static final class StoredStream {
        final List<EncodedEvent> events = new ArrayList<>();
        AggregateMeta meta;
        ObjectNode state;
        int stateVersion;
    }

    public InMemoryEventStore(JsonCodec codec) {
        this(codec, new ReentrantReadWriteLock(), new HashMap<>(), new ArrayList<>(), new ConcurrentHashMap<>());
    }

    private InMemoryEventStore(
            JsonCodec codec,
            ReentrantReadWriteLock lock,
            Map<String, StoredStream> streams,
            List<EncodedEvent> log,
            Map<String, ConcurrentSkipListMap<String, EncodedEvent>> byName) {
        this.codec = java.util.Objects.requireNonNull(codec, "codec");
        this.lock = lock;
        this.streams = streams;
        this.log = log;
        this.byName = byName;
    }

    /**
     * This store's events and rows, read and written through another codec: what the next release of a service sees
     * of the same store (a renamed event, an upcaster), as a DynamoDB store built on the same tables with a new codec.
     * Both views share everything they hold.
     */
    public InMemoryEventStore withCodec(JsonCodec newCodec) {
        return new InMemoryEventStore(newCodec, lock, streams, log, byName);
    }

    /**
     * Everything this store holds as it holds it, as text: each event's stored JSON and each row's stored state, what a
     * raw scan of DynamoDB's tables would show. For tests that look for what must not be stored (a forgotten subject's
     * personal data in the clear).
     */
    public String storedText() {
        lock.readLock().lock();
        try {
            StringBuilder text = new StringBuilder();
            streams.forEach((id, stream) -> {
                text.append(id)
                        .append(" row ")
                        .append(stream.meta)
                        .append(' ')
                        .append(stream.state)
                        .append('\n');
                stream.events.forEach(
                        event -> text.append(id).append(" event ").append(event).append('\n'));
            });
            return text.toString();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public <E, S> void append(AppendBatch<E, S> batch) {
        AggregateType<E, S> type = batch.type();
        Aggregate<S> aggregate = batch.aggregate();
        // encode and check first: what the codec or the limits refuse must leave nothing behind
        StoreLimits.EncodedAppend append = StoreLimits.encode(codec, type, aggregate, batch.events());
        List<EncodedEvent> encoded = append.events();
        ObjectNode state = append.state();
        String streamId = StreamIds.of(type.name(), aggregate.id());
        lock.writeLock().lock();
        try {
            StoredStream stream = streams.get(streamId);
            long actual = stream == null ? 0 : stream.meta.version();
            if (actual != batch.baseVersion()) {
                Optional<Aggregate<S>> current = Optional.ofNullable(stream).flatMap(s -> readable(type, s));
                throw ConflictException.concurrentAppend(
                        type.name(), aggregate.id(), batch.baseVersion(), Optional.of(actual), current);
            }
            if (stream == null) {
                stream = new StoredStream();
                streams.put(streamId, stream);
            }
            stream.events.addAll(encoded);
            stream.meta = aggregate.meta();
            stream.state = state;
            stream.stateVersion = type.stateVersion();
            log.addAll(encoded);
            for (EncodedEvent event : encoded) {
                byName.computeIfAbsent(event.eventName(), n -> new ConcurrentSkipListMap<>())
                        .put(event.eventId(), event);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public <S> Optional<Aggregate<S>> read(AggregateType<?, S> type, String aggregateId) {
        Identifiers.requireValid("aggregateId", aggregateId);
        lock.readLock().lock();
        try {
            return Optional.ofNullable(streams.get(StreamIds.of(type.name(), aggregateId)))
                    .map(stream -> toAggregate(type, stream));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The row as the current state, or {@link UnreadableStateException} when it cannot serve as one. */
    private <S> Aggregate<S> toAggregate(AggregateType<?, S> type, StoredStream stream) {
        if (stream.stateVersion != type.stateVersion()) {
            throw new UnreadableStateException(
                    type.name(),
                    stream.meta.id(),
                    stream.meta.version(),
                    "written at state version %d, the type declares %d"
                            .formatted(stream.stateVersion, type.stateVersion()),
                    null);
        }
        try {
            return new Aggregate<>(
                    stream.meta, codec.decodeState(stream.state, type.stateClass(), type.name(), stream.meta.id()));
        } catch (SerializationException e) {
            throw new UnreadableStateException(type.name(), stream.meta.id(), stream.meta.version(), e.getMessage(), e);
        }
    }

    private <S> Optional<Aggregate<S>> readable(AggregateType<?, S> type, StoredStream stream) {
        try {
            return Optional.of(toAggregate(type, stream));
        } catch (UnreadableStateException e) {
            return Optional.empty();
        }
    }

    @Override
    public <S> boolean rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId) {
        ObjectNode state = StoreLimits.storableState(codec, type.name(), rebuilt);
        StoreLimits.budget(type.name(), rebuilt.id())
                .item(
                        ItemSizes.sizeOf(state) + StoreLimits.keyedCommandsSize(rebuilt),
                        () -> "the row of %s %s at version %d".formatted(type.name(), rebuilt.id(), rebuilt.version()));
        lock.writeLock().lock();
        try {
            StoredStream stream = streams.get(StreamIds.of(type.name(), rebuilt.id()));
            if (stream == null
                    || stream.events.size() != rebuilt.version()
                    || !stream.events.getLast().eventId().equals(lastEventId)) {
                return false;
            }
            stream.meta = rebuilt.meta();
            stream.state = state;
            stream.stateVersion = type.stateVersion();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public <E> Stream<AggregateEvent<E>> events(
            AggregateType<E, ?> type,
            String aggregateId,
            long fromVersion,
            dev.escqrs.core.port.ReadConsistency consistency) {
        java.util.Objects.requireNonNull(consistency, "consistency"); // memory is always strong
        ReadArguments.requireValidRead(type, aggregateId, fromVersion);
        String streamId = StreamIds.of(type.name(), aggregateId);
        Iterator<EncodedEvent> pages = new PagedIterator(fromVersion - 1, from -> page(streamId, from));
        return stream(pages).map(e -> codec.decode(e, type.eventClass()));
    }

    @Override
    public Stream<AggregateEvent<Object>> eventsByName(String eventName) {
        Identifiers.requireValid("eventName", eventName);
        ConcurrentSkipListMap<String, EncodedEvent> events = byName.get(eventName);
        if (events == null) {
            return Stream.empty();
        }
        return events.values().stream().map(codec::decode);
    }

    /** A snapshot of the matching aggregates, taken now; each one's events are read lazily, a page at a time. */
    @Override
    public Stream<AggregateEvent<Object>> allEvents(
            java.util.Set<String> aggregateNames, int segment, int totalSegments) {
        return allEncodedEvents(aggregateNames, segment, totalSegments).map(codec::decode);
    }

    @Override
    public Stream<EncodedEvent> allEncodedEvents(java.util.Set<String> aggregateNames, int segment, int totalSegments) {
        ReadArguments.requireValidSegment(aggregateNames, segment, totalSegments);
        List<String> streamIds = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (String streamId : streams.keySet()) {
                if (aggregateNames.contains(StreamIds.aggregateName(streamId))
                        && Math.floorMod(streamId.hashCode(), totalSegments) == segment) {
                    streamIds.add(streamId);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return streamIds.stream().flatMap(streamId -> stream(new PagedIterator(0, from -> page(streamId, from))));
    }

    private List<EncodedEvent> page(String streamId, long from) {
        lock.readLock().lock();
        try {
            StoredStream stream = streams.get(streamId);
            if (stream == null || from >= stream.events.size()) {
                return List.of();
            }
            int start = Math.toIntExact(from);
            return List.copyOf(stream.events.subList(start, Math.min(stream.events.size(), start + PAGE_SIZE)));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean keepsEveryEvent() {
        return true;
    }

    @Override
    public Checkpoint head() {
        lock.readLock().lock();
        try {
            return new Checkpoint(Integer.toString(log.size()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public FeedBatch read(Checkpoint after, int maxEvents) {
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

    private static <T> Stream<T> stream(Iterator<T> iterator) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Fetches a page at a time, starting at an offset, until a page comes back empty. */
    private static final class PagedIterator implements Iterator<EncodedEvent> {
        private final Function<Long, List<EncodedEvent>> fetch;
        private long offset;
        private List<EncodedEvent> page = List.of();
        private int index;
        private boolean exhausted;

        PagedIterator(long offset, Function<Long, List<EncodedEvent>> fetch) {
            this.offset = offset;
            this.fetch = fetch;
        }

        @Override
        public boolean hasNext() {
            if (index < page.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            page = fetch.apply(offset);
            offset += page.size();
            index = 0;
            exhausted = page.size() < PAGE_SIZE;
            return !page.isEmpty();
        }

        @Override
        public EncodedEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.get(index++);
        }
    }
}
