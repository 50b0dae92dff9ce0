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
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The hard limits every store enforces, taken from DynamoDB so that code that runs on one store runs on all:
 * {@value #MAX_EVENTS} events per command (100 items per transaction, one is the aggregate row),
 * {@value #MAX_ITEM_BYTES} bytes (400 KB) per stored event or aggregate row, and for the last event of a command and
 * the state together ({@link #requireFitsOneItem}), {@value #MAX_BATCH_BYTES} bytes (4 MB) per command. One accounting serves every store: a {@link Budget} per append, and sizes counted by DynamoDB's rules
 * ({@link #sizeOf(JsonNode)}: names and strings in UTF-8, numbers by their digits, maps and lists with their overhead).
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
                        sizeOf(state) + keyedCommandsSize(aggregate),
                        () -> "the row of %s %s at version %d"
                                .formatted(type.name(), aggregate.id(), aggregate.version()));
        for (EncodedEvent event : encoded) {
            budget.item(
                    sizeOf(event.payload()),
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
                sizeOf(last.payload()),
                sizeOf(state) + keyedCommandsSize(aggregate),
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
            size += 1 + utf8(entry.encoded());
        }
        return size == 0 ? 0 : size + 3;
    }

    /** A new account for one append or row write of {@code aggregateName} {@code aggregateId}. */
    public static Budget budget(String aggregateName, String aggregateId) {
        return new Budget(aggregateName, aggregateId);
    }

    /**
     * The size DynamoDB counts for {@code value} stored as an attribute value (a JSON object as a map, an array as a
     * list): strings and field names in UTF-8 bytes, a number about one byte per two significant digits plus one,
     * booleans and null 1 byte, a map or list 3 bytes plus 1 per element.
     */
    public static long sizeOf(JsonNode value) {
        if (value.isTextual()) {
            return utf8(value.textValue());
        }
        if (value.isInt() || value.isLong() || value.isShort()) {
            return numberSize(value.longValue());
        }
        if (value.isNumber()) {
            return numberSize(value.decimalValue());
        }
        if (value.isObject()) {
            long size = 3;
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                size += 1 + utf8(field.getKey()) + sizeOf(field.getValue());
            }
            return size;
        }
        if (value.isArray()) {
            long size = 3;
            for (JsonNode element : value) {
                size += 1 + sizeOf(element);
            }
            return size;
        }
        if (value.isBinary()) {
            return value.asText().length() * 3L / 4;
        }
        return 1; // boolean, null
    }

    /** DynamoDB's size of a number written as {@code n}: its significant digits, two to a byte, plus one. */
    public static long numberSize(String n) {
        if (n.length() <= 18 && isPlainInteger(n)) {
            return numberSize(Long.parseLong(n));
        }
        return numberSize(new BigDecimal(n));
    }

    private static boolean isPlainInteger(String n) {
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(c >= '0' && c <= '9' || i == 0 && c == '-' && n.length() > 1)) {
                return false;
            }
        }
        return !n.isEmpty();
    }

    /** As for a decimal, without making one (an integer's trailing zeros are not significant either). */
    private static long numberSize(long n) {
        if (n == 0) {
            return 2;
        }
        while (n % 10 == 0) {
            n /= 10;
        }
        int digits = 1;
        for (long rest = Math.abs(n / 10); rest != 0; rest /= 10) {
            digits++;
        }
        return (digits + 1) / 2 + 1;
    }

    private static long numberSize(BigDecimal n) {
        int digits = n.signum() == 0 ? 1 : n.stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }

    /** The UTF-8 length of {@code s}, without encoding it (each half of a surrogate pair counts 2 of its 4 bytes). */
    public static long utf8(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
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
