package dev.escqrs.inmemory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.UnreadableStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One aggregate of {@link InMemoryEventStore}: its events in version order and its current row. Not thread-safe: the
 * store reads and writes it under its lock.
 */
final class StoredStream {
    final List<EncodedEvent> events = new ArrayList<>();
    private AggregateMeta meta;
    private ObjectNode state;
    private int stateVersion;

    /** The row's version: that of its newest event. */
    long version() {
        return meta.version();
    }

    /** The row, replaced by an append or a rewrite. */
    void replaceRow(AggregateMeta meta, ObjectNode state, int stateVersion) {
        this.meta = meta;
        this.state = state;
        this.stateVersion = stateVersion;
    }

    /** The row, then each event, a line each, as they are held: what {@link InMemoryEventStore#storedText()} shows. */
    void describeTo(StringBuilder text, String id) {
        text.append(id).append(" row ").append(meta).append(' ').append(state).append('\n');
        events.forEach(event -> text.append(id).append(" event ").append(event).append('\n'));
    }

    /** The row as the current state, or {@link UnreadableStateException} when it cannot serve as one. */
    <S> Aggregate<S> toAggregate(AggregateType<?, S> type, JsonCodec codec) {
        if (stateVersion != type.stateVersion()) {
            throw new UnreadableStateException(
                    type.name(),
                    meta.id(),
                    meta.version(),
                    "written at state version %d, the type declares %d".formatted(stateVersion, type.stateVersion()),
                    null);
        }
        try {
            return new Aggregate<>(meta, codec.decodeState(state, type.stateClass(), type.name(), meta.id()));
        } catch (SerializationException e) {
            throw new UnreadableStateException(type.name(), meta.id(), meta.version(), e.getMessage(), e);
        }
    }

    /** The row as the current state, or empty when it cannot serve as one. */
    <S> Optional<Aggregate<S>> readable(AggregateType<?, S> type, JsonCodec codec) {
        try {
            return Optional.of(toAggregate(type, codec));
        } catch (UnreadableStateException e) {
            return Optional.empty();
        }
    }

    /** A copy of at most {@code size} events from the offset {@code from}; empty past the last. */
    List<EncodedEvent> page(long from, int size) {
        if (from >= events.size()) {
            return List.of();
        }
        int start = Math.toIntExact(from);
        return List.copyOf(events.subList(start, Math.min(events.size(), start + size)));
    }
}
