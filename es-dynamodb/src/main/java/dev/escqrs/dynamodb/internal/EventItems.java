package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.spi.StreamIds;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The events table's item layout: one item per event, keyed by ({@code streamId}, {@code aggregateVersion}). */
public final class EventItems {
    public static final String STREAM_ID = "streamId";
    public static final String VERSION = "aggregateVersion";
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_NAME = "eventName";
    /** Written by the first layout only; the name and id now come from {@link #STREAM_ID}. */
    public static final String AGGREGATE_NAME = "aggregateName";
    /** Written by the first layout only. */
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String ACTOR_ID = "actorId";
    /** Written by the first layout only; the time is the ULID's. */
    public static final String EVENT_TS = "eventTs";
    /** Written only when it is not 1. */
    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String PAYLOAD = "payload";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    /** The by-name index's partition key, {@code eventName#shard}; written only when the tables have the index. */
    public static final String BY_NAME = "byName";
    /** The optional GSI ({@code byName}, {@code eventId}, KEYS_ONLY) that lists events of one name in event-id order. */
    public static final String BY_NAME_INDEX = "byName-eventId-index";

    private EventItems() {
    }

    /** The key of the event at {@code version} of stream {@code streamId}. */
    public static Map<String, AttributeValue> key(String streamId, long version) {
        return Map.of(STREAM_ID, AttributeValue.fromS(streamId), VERSION, AttributeValue.fromN(Long.toString(version)));
    }

    /**
     * The item of one event. Nothing another attribute already says is stored: the aggregate's name and id are in
     * {@value #STREAM_ID}, the time is in the ULID {@value #EVENT_ID}, and a schema version of 1 is the default.
     * Items written before (with {@code aggregateName}, {@code aggregateId}, {@code eventTs} and
     * {@code schemaVersion} always) are read all the same.
     */
    public static Map<String, AttributeValue> toItem(EncodedEvent event) {
        return toItem(event, 0);
    }

    /** As {@link #toItem(EncodedEvent)}, with the by-name index's key when the tables have the index in shards. */
    public static Map<String, AttributeValue> toItem(EncodedEvent event, int byNameShards) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(STREAM_ID, AttributeValue.fromS(event.streamId()));
        item.put(VERSION, AttributeValue.fromN(Long.toString(event.aggregateVersion())));
        item.put(EVENT_ID, AttributeValue.fromS(event.eventId()));
        item.put(EVENT_NAME, AttributeValue.fromS(event.eventName()));
        item.put(ACTOR_ID, AttributeValue.fromS(event.actorId()));
        if (event.schemaVersion() != 1) {
            item.put(SCHEMA_VERSION, AttributeValue.fromN(Integer.toString(event.schemaVersion())));
        }
        item.put(PAYLOAD, AttributeValue.fromM(AttributeValues.fromJsonObject(event.payload(),
                "payload of %s %s version %d".formatted(event.aggregateName(), event.aggregateId(), event.aggregateVersion()))));
        event.metadata().correlationId().ifPresent(id -> item.put(CORRELATION_ID, AttributeValue.fromS(id)));
        event.metadata().causationId().ifPresent(id -> item.put(CAUSATION_ID, AttributeValue.fromS(id)));
        if (byNameShards > 0) {
            item.put(BY_NAME, AttributeValue.fromS(byNameKey(event.eventName(), shard(event.streamId(), byNameShards))));
        }
        return item;
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
            return StreamIds.aggregateName(s(item, STREAM_ID, where));
        } catch (IllegalArgumentException e) {
            throw new SerializationException("%s: %s".formatted(where, e.getMessage()), e);
        }
    }

    private static String aggregateId(Map<String, AttributeValue> item, String where) {
        aggregateName(item, where); // the same check, the same error
        return StreamIds.aggregateId(s(item, STREAM_ID, where));
    }

    /** The stored event; {@code where} says where the item came from, for errors. */
    public static EncodedEvent fromItem(Map<String, AttributeValue> item, String where) {
        JsonNode payload;
        try {
            payload = AttributeValues.toJson(required(item, PAYLOAD, where));
        } catch (SerializationException e) {
            throw new SerializationException("%s: attribute '%s': %s".formatted(where, PAYLOAD, e.getMessage()), e);
        }
        if (!(payload instanceof ObjectNode object)) {
            throw new SerializationException("%s: attribute '%s' is not a map".formatted(where, PAYLOAD));
        }
        EventMetadata metadata = new EventMetadata(optionalS(item, CORRELATION_ID), optionalS(item, CAUSATION_ID));
        int schemaVersion = item.containsKey(SCHEMA_VERSION) ? Math.toIntExact(wholeNumber(item, SCHEMA_VERSION, where)) : 1;
        return new EncodedEvent(s(item, EVENT_ID, where), s(item, EVENT_NAME, where), aggregateName(item, where),
                aggregateId(item, where), wholeNumber(item, VERSION, where), s(item, ACTOR_ID, where), schemaVersion,
                object, metadata);
    }

    private static long wholeNumber(Map<String, AttributeValue> item, String name, String where) {
        String n = n(item, name, where);
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw new SerializationException("%s: attribute '%s' is not a whole number: '%s'".formatted(where, name, n), e);
        }
    }

    public static boolean isEvent(Map<String, AttributeValue> item) {
        return item.containsKey(STREAM_ID) && item.containsKey(VERSION) && item.containsKey(EVENT_ID)
                && item.containsKey(EVENT_NAME) && item.containsKey(PAYLOAD);
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
