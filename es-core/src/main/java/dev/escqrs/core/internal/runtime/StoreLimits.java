package dev.escqrs.core.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StorableJson;
import dev.escqrs.core.port.AppendBatch;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The hard limits every store enforces, taken from DynamoDB so that code that runs on one store runs on all:
 * {@value #MAX_EVENTS} events per command (100 items per transaction, one is the aggregate row),
 * {@value #MAX_ITEM_BYTES} bytes (400 KB) per stored event or aggregate row, and for the last event of a command and
 * the state together ({@link #requireFitsOneItem}), {@value #MAX_BATCH_BYTES} bytes (4 MB) per command. One accounting serves every store: a {@link Budget} per append, and sizes counted by DynamoDB's rules
 * ({@link ItemSizes#sizeOf(JsonNode)}: names and strings in UTF-8, numbers by their digits, maps and lists with their overhead).
 * DynamoDB's store measures each whole item (payload and envelope attributes); the in-memory store measures the
 * payloads and state it keeps, so it refuses the same oversized values and differs only by the envelope's few
 * hundred bytes.
 */
public final class StoreLimits {
    public static final int MAX_EVENTS = AppendBatch.MAX_EVENTS;
    public static final long MAX_ITEM_BYTES = 400 * 1024;
    public static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    private StoreLimits() {}

    /** An append as a store keeps it: each event and the aggregate's state, encoded by the codec. */
    public record EncodedAppend(List<EncodedEvent> events, ObjectNode state) {}

    /**
     * Encodes an append as every store does before it writes anything, and refuses what every store refuses: what
     * the codec cannot store ({@code SerializationException}: a number outside DynamoDB's range or precision, invalid
     * Unicode, nesting too deep) and what is over the item or transaction size ({@link LimitExceededException}),
     * counting the payloads and the state the way {@link #sizeOf} does. The in-memory store and the testkit's pure
     * runs use it, so that a scenario has one outcome pure, in memory and on DynamoDB (whose store measures each whole
     * item, envelope included).
     */
    public static EncodedAppend encode(
            JsonCodec codec,
            AggregateType<?, ?> type,
            Aggregate<?> aggregate,
            List<? extends AggregateEvent<?>> events) {
        List<EncodedEvent> encoded =
                events.stream().map(event -> storableEvent(codec, event)).toList();
        ObjectNode state = storableState(codec, type.name(), aggregate);
        Budget budget = budget(type.name(), aggregate.id())
                .item(
                        ItemSizes.sizeOf(state) + keyedCommandsSize(aggregate),
                        () -> "the row of %s %s at version %d"
                                .formatted(type.name(), aggregate.id(), aggregate.version()));
        for (EncodedEvent event : encoded) {
            budget.item(
                    ItemSizes.sizeOf(event.payload()),
                    () -> "event %s (%s) of %s %s at version %d"
                            .formatted(
                                    event.eventId(),
                                    event.eventName(),
                                    type.name(),
                                    aggregate.id(),
                                    event.aggregateVersion()));
        }
        EncodedEvent last = encoded.getLast();
        requireFitsOneItem(
                type.name(),
                aggregate,
                ItemSizes.sizeOf(last.payload()),
                ItemSizes.sizeOf(state) + keyedCommandsSize(aggregate),
                () -> "event %s (%s)".formatted(last.eventId(), last.eventName()));
        budget.checkTotal();
        return new EncodedAppend(encoded, state);
    }

    /**
     * The rule of DynamoDB's one-item mode, where the state rides on the newest event's item, kept by every store in
     * every mode so that a scenario has one outcome everywhere and any aggregate type can switch modes: an append's
     * last event and the aggregate's state must fit one 400 KB item together.
     *
     * @param lastEventBytes the last event as the store counts it (DynamoDB: its whole item)
     * @param stateBytes     the state as the store counts it (DynamoDB: the row, or the state's attributes)
     * @param lastEvent      names the event, built only on refusal
     */
    public static void requireFitsOneItem(
            String aggregateName,
            Aggregate<?> aggregate,
            long lastEventBytes,
            long stateBytes,
            Supplier<String> lastEvent) {
        if (lastEventBytes + stateBytes > MAX_ITEM_BYTES) {
            throw new LimitExceededException(("%s of %s %s at version %d and the aggregate's state are %,d bytes "
                            + "together (the event %,d, the state %,d); the limit is %,d bytes (400 KB, DynamoDB's item limit, on "
                            + "every store: in one-item mode the state is stored on the newest event's item). Nothing was "
                            + "written.")
                    .formatted(
                            lastEvent.get(),
                            aggregateName,
                            aggregate.id(),
                            aggregate.version(),
                            lastEventBytes + stateBytes,
                            lastEventBytes,
                            stateBytes,
                            MAX_ITEM_BYTES));
        }
    }

    /**
     * {@code event} encoded by {@code codec} and checked as every store checks what it writes
     * ({@link StorableJson#requireStorable}): what a store writes, and the one way any store encodes an event.
     */
    public static EncodedEvent storableEvent(JsonCodec codec, AggregateEvent<?> event) {
        EncodedEvent encoded = codec.encode(event);
        StorableJson.requireStorable(
                encoded.payload(),
                () -> "payload of %s %s version %d (%s)"
                        .formatted(
                                event.aggregateName(),
                                event.aggregateId(),
                                event.aggregateVersion(),
                                event.eventName()));
        return encoded;
    }

    /** The state of {@code aggregate} encoded by {@code codec} and checked as every store checks what it writes. */
    public static ObjectNode storableState(JsonCodec codec, String aggregateName, Aggregate<?> aggregate) {
        return StorableJson.requireStorable(
                codec.encodeState(aggregate.state(), aggregateName, aggregate.id()),
                () -> "state of %s %s".formatted(aggregateName, aggregate.id()));
    }

    /**
     * {@code value} as every store returns it, written to JSON by {@code mapper}: see {@link StorableJson#storedForm}.
     */
    public static JsonNode storedForm(ObjectMapper mapper, Object value) {
        Objects.requireNonNull(value, "value");
        JsonNode json;
        try {
            json = mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(
                    "%s cannot be written as JSON: %s"
                            .formatted(value.getClass().getName(), e.getMessage()),
                    e);
        }
        return StorableJson.storedForm(json, () -> value.getClass().getSimpleName());
    }

    /** The bytes of the keyed commands a row remembers, stored as a list of strings. */
    public static long keyedCommandsSize(Aggregate<?> aggregate) {
        long size = 0;
        for (var entry : aggregate.meta().keyedCommands()) {
            size += 1 + ItemSizes.utf8(entry.encoded());
        }
        return size == 0 ? 0 : size + 3;
    }

    /** A new account for one append or row write of {@code aggregateName} {@code aggregateId}. */
    public static Budget budget(String aggregateName, String aggregateId) {
        return new Budget(aggregateName, aggregateId);
    }

    /**
     * What one append spends of the limits: each item is checked against {@value #MAX_ITEM_BYTES} bytes as it is
     * counted, the sum against {@value #MAX_BATCH_BYTES} at the end. The label of an item is built only when it
     * breaks the limit. Not thread-safe; one per append.
     */
    public static final class Budget {
        private final String aggregateName;
        private final String aggregateId;
        private long total;
        private int items;

        private Budget(String aggregateName, String aggregateId) {
            this.aggregateName = aggregateName;
            this.aggregateId = aggregateId;
        }

        /** Counts one stored item (an event or the aggregate's row) of {@code bytes}; {@code what} names it. */
        public Budget item(long bytes, Supplier<String> what) {
            if (bytes > MAX_ITEM_BYTES) {
                throw new LimitExceededException(("%s is %,d bytes as a stored item; the limit is %,d bytes (400 KB, "
                                + "DynamoDB's item limit, on every store). Nothing was written.")
                        .formatted(what.get(), bytes, MAX_ITEM_BYTES));
            }
            total += bytes;
            items++;
            return this;
        }

        /** Refuses the append when its items together are over {@value #MAX_BATCH_BYTES} bytes. */
        public void checkTotal() {
            if (total > MAX_BATCH_BYTES) {
                throw new LimitExceededException(
                        ("%s %s: the command's %d items (its events and the aggregate's row) are "
                                        + "%,d bytes together; one DynamoDB transaction holds at most %,d bytes (4 MB), on every store. "
                                        + "Nothing was written.")
                                .formatted(aggregateName, aggregateId, items, total, MAX_BATCH_BYTES));
            }
        }

        /** The bytes counted so far. */
        public long total() {
            return total;
        }
    }
}
