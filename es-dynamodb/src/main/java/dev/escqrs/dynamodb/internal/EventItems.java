package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.idempotency.IdempotencyRecord;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.dynamodb.table.ItemLayout;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The events table's item layout, in one {@link ItemLayout}'s attribute names: one item per event, keyed by (stream
 * id, version). Writing and querying use the names of the table's layout; reading takes an item of either layout
 * (what a stream decoder sees needs no configuration), told apart by its partition key's name.
 */
public record EventItems(
        String streamId,
        String version,
        String eventId,
        String eventName,
        String actorId,
        String payload,
        String schemaVersion,
        String correlationId,
        String causationId,
        String commandKey,
        String traceParent,
        String byName,
        String byNameIndex) {
    public static final EventItems COMPACT =
            new EventItems("s", "v", "e", "n", "a", "d", "sv", "ci", "ca", "ck", "tp", "b", "by-name");
    public static final EventItems DESCRIPTIVE = new EventItems(
            "streamId",
            "aggregateVersion",
            "eventId",
            "eventName",
            "actorId",
            "payload",
            "schemaVersion",
            "correlationId",
            "causationId",
            "commandKey",
            "traceParent",
            "byName",
            "byName-eventId-index");
    /** Written by the first layout only; the name and id now come from the stream id. */
    public static final String AGGREGATE_NAME = "aggregateName";
    /** Written by the first layout only. */
    public static final String AGGREGATE_ID = "aggregateId";
    /** Written by the first layout only; the time is the ULID's. */
    public static final String EVENT_TS = "eventTs";

    public static EventItems of(ItemLayout layout) {
        return switch (layout) {
            case COMPACT -> COMPACT;
            case DESCRIPTIVE -> DESCRIPTIVE;
        };
    }

    /** The key of the event at version {@code at} of stream {@code stream}. */
    public Map<String, AttributeValue> key(String stream, long at) {
        return Map.of(streamId, AttributeValue.fromS(stream), version, AttributeValue.fromN(Long.toString(at)));
    }

    /**
     * The item of one event. Nothing another attribute already says is stored: the aggregate's name and id are in
     * the stream id, the time is in the ULID event id, and a schema version of 1 is the default. Items written before
     * (with {@code aggregateName}, {@code aggregateId}, {@code eventTs} and {@code schemaVersion} always) are read
     * all the same.
     */
    public Map<String, AttributeValue> toItem(EncodedEvent event) {
        return toItem(event, 0);
    }

    /** As {@link #toItem(EncodedEvent)}, with the by-name index's key when the tables have the index in shards. */
    public Map<String, AttributeValue> toItem(EncodedEvent event, int byNameShards) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(streamId, AttributeValue.fromS(event.streamId()));
        item.put(version, AttributeValue.fromN(Long.toString(event.aggregateVersion())));
        item.put(eventId, AttributeValue.fromS(event.eventId()));
        item.put(eventName, AttributeValue.fromS(event.eventName()));
        item.put(actorId, AttributeValue.fromS(event.actorId()));
        if (event.schemaVersion() != 1) {
            item.put(schemaVersion, AttributeValue.fromN(Integer.toString(event.schemaVersion())));
        }
        item.put(
                payload,
                AttributeValue.fromM(AttributeValues.fromJsonObject(
                        event.payload(),
                        "payload of %s %s version %d"
                                .formatted(event.aggregateName(), event.aggregateId(), event.aggregateVersion()))));
        event.metadata().correlationId().ifPresent(id -> item.put(correlationId, AttributeValue.fromS(id)));
        event.metadata().causationId().ifPresent(id -> item.put(causationId, AttributeValue.fromS(id)));
        event.metadata()
                .idempotencyRecord()
                .ifPresent(key -> item.put(commandKey, AttributeValue.fromS(key.encoded())));
        event.metadata().traceParent().ifPresent(trace -> item.put(traceParent, AttributeValue.fromS(trace)));
        if (byNameShards > 0) {
            item.put(byName, AttributeValue.fromS(byNameKey(event.eventName(), shard(event.streamId(), byNameShards))));
        }
        return item;
    }

    /** The names {@code item} was written in: by its partition key's name; empty when it has neither. */
    public static Optional<EventItems> layoutOf(Map<String, AttributeValue> item) {
        if (item.containsKey(COMPACT.streamId)) {
            return Optional.of(COMPACT);
        }
        return item.containsKey(DESCRIPTIVE.streamId) ? Optional.of(DESCRIPTIVE) : Optional.empty();
    }

    private static EventItems layoutOf(Map<String, AttributeValue> item, String where) {
        return layoutOf(item)
                .orElseThrow(() -> new SerializationException("%s: no stream id: attribute '%s' (or '%s', "
                                .formatted(where, COMPACT.streamId, DESCRIPTIVE.streamId)
                        + "of the descriptive layout) is missing"));
    }

    /** The shard of a stream's events in the by-name index: its id's hash (stable across JVMs), mod the shards. */
    public static int shard(String streamId, int shards) {
        return Math.floorMod(streamId.hashCode(), shards);
    }

    public static String byNameKey(String eventName, int shard) {
        return eventName + "#" + shard;
    }

    /** The aggregate name of an item, from its stream id ({@link StreamIds#aggregateName}). */
    public static String aggregateName(Map<String, AttributeValue> item, String where) {
        try {
            return StreamIds.aggregateName(s(item, layoutOf(item, where).streamId, where));
        } catch (IllegalArgumentException e) {
            throw new SerializationException("%s: %s".formatted(where, e.getMessage()), e);
        }
    }

    private static String aggregateId(Map<String, AttributeValue> item, String where) {
        aggregateName(item, where); // the same check, the same error
        return StreamIds.aggregateId(s(item, layoutOf(item, where).streamId, where));
    }

    /** The stored event; {@code where} says where the item came from, for errors. */
    public static EncodedEvent fromItem(Map<String, AttributeValue> item, String where) {
        EventItems names = layoutOf(item, where);
        JsonNode data;
        try {
            data = AttributeValues.toJson(required(item, names.payload, where));
        } catch (SerializationException e) {
            throw new SerializationException(
                    "%s: attribute '%s': %s".formatted(where, names.payload, e.getMessage()), e);
        }
        if (!(data instanceof ObjectNode object)) {
            throw new SerializationException("%s: attribute '%s' is not a map".formatted(where, names.payload));
        }
        String at = where;
        // a trace context that is not one (written by hand) is dropped: it must not make the event unreadable
        EventMetadata metadata = new EventMetadata(
                optionalS(item, names.correlationId),
                optionalS(item, names.causationId),
                optionalS(item, names.commandKey)
                        .map(key -> IdempotencyRecord.parse(key, at + ": attribute " + names.commandKey)),
                optionalS(item, names.traceParent).filter(EventMetadata::isTraceParent));
        int schema = item.containsKey(names.schemaVersion)
                ? Math.toIntExact(wholeNumber(item, names.schemaVersion, where))
                : 1;
        return new EncodedEvent(
                s(item, names.eventId, where),
                s(item, names.eventName, where),
                aggregateName(item, where),
                aggregateId(item, where),
                wholeNumber(item, names.version, where),
                s(item, names.actorId, where),
                schema,
                object,
                metadata);
    }

    private static long wholeNumber(Map<String, AttributeValue> item, String name, String where) {
        String n = n(item, name, where);
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw new SerializationException(
                    "%s: attribute '%s' is not a whole number: '%s'".formatted(where, name, n), e);
        }
    }

    /** Whether {@code item} is an event of either layout (and not, say, another application's item). */
    public static boolean isEvent(Map<String, AttributeValue> item) {
        return layoutOf(item)
                .filter(names -> item.containsKey(names.version)
                        && item.containsKey(names.eventId)
                        && item.containsKey(names.eventName)
                        && item.containsKey(names.payload))
                .isPresent();
    }

    static AttributeValue required(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw new SerializationException("%s: attribute '%s' is missing".formatted(where, name));
        }
        return value;
    }

    static String s(Map<String, AttributeValue> item, String name, String where) {
        String value = required(item, name, where).s();
        if (value == null) {
            throw new SerializationException("%s: attribute '%s' is not a string".formatted(where, name));
        }
        return value;
    }

    static String n(Map<String, AttributeValue> item, String name, String where) {
        String value = required(item, name, where).n();
        if (value == null) {
            throw new SerializationException("%s: attribute '%s' is not a number".formatted(where, name));
        }
        return value;
    }

    static Instant instant(Map<String, AttributeValue> item, String name, String where) {
        try {
            return Instant.parse(s(item, name, where));
        } catch (java.time.format.DateTimeParseException e) {
            throw new SerializationException("%s: attribute '%s' is not an ISO-8601 instant".formatted(where, name), e);
        }
    }

    private static Optional<String> optionalS(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }
}
