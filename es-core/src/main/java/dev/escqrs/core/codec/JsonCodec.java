package dev.escqrs.core.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventType;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.privacy.DataKeys;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns event payloads and aggregate state into JSON objects and back, with Jackson, through the
 * {@link EventTypes} registry. Every store goes through one codec, so what one store refuses (a payload Jackson
 * cannot write, a number DynamoDB cannot hold) every store refuses, and what one store returns every store returns.
 *
 * <p>The codec encodes and upcasts, nothing else. Payloads and state must serialize to JSON objects. What a store can
 * hold (DynamoDB's number range and precision, valid Unicode, nesting) is the stores' rule, checked by every store
 * before it writes and by the testkit's pure runs, not here. Unknown properties in stored JSON are an error (upcast
 * instead of ignoring). Events stored at an older schema version are upcast step by step to the registered version
 * before they are read.
 *
 * <pre>{@code
 * JsonCodec codec = JsonCodec.create(types);                  // default mapper
 * JsonCodec codec = new JsonCodec(types, myObjectMapper);     // your Jackson 2 mapper
 * JsonCodec codec = new JsonCodec(types, Jackson3.payloads()); // Jackson 3, with es-jackson3
 * JsonCodec codec = JsonCodec.create(types).withPersonalData(keys); // personal data encrypted, see below
 * }</pre>
 *
 * <p>Properties marked {@link dev.escqrs.core.privacy.PersonalData} are encrypted with their subject's key from
 * {@link DataKeys} as they are encoded, and decrypted as they are decoded (before upcasting), or read as erased once
 * the subject is forgotten. A codec without a key store refuses to encode a payload or state whose marked properties
 * hold a value (null ones it writes), and to decode an encrypted value; an error message never shows a decrypted
 * value.
 */
public final class JsonCodec {
    private final EventTypes types;
    private final PayloadMapper payloads;
    private final ObjectMapper mapper;
    private final PersonalDataCipher personal;
    private final StoredPayloads payloadReader;
    private final StateJson states;

    /** A codec on Jackson 2's {@code mapper}, used as it is configured. */
    public JsonCodec(EventTypes types, ObjectMapper mapper) {
        this(types, PayloadMapper.of(mapper), mapper, null);
    }

    /** A codec whose payloads and state go through {@code payloads} (Jackson 3's, with es-jackson3). */
    public JsonCodec(EventTypes types, PayloadMapper payloads) {
        this(types, payloads, null, null);
    }

    private JsonCodec(EventTypes types, PayloadMapper payloads, ObjectMapper mapper, DataKeys keys) {
        this.types = Objects.requireNonNull(types, "types");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.mapper = mapper;
        this.personal = new PersonalDataCipher(keys);
        this.payloadReader = new StoredPayloads(types, payloads, personal);
        this.states = new StateJson(payloads, personal);
    }

    /**
     * This codec, encrypting and decrypting {@link dev.escqrs.core.privacy.PersonalData} with the subjects' keys in
     * {@code keys} (wrap a remote key store in {@link DataKeys#cached}). Give every store, runner and decoder of the
     * application the same codec.
     */
    public JsonCodec withPersonalData(DataKeys keys) {
        return new JsonCodec(types, payloads, mapper, Objects.requireNonNull(keys, "keys"));
    }

    /** The key store personal data is encrypted with, if this codec has one. */
    public Optional<DataKeys> dataKeys() {
        return personal.keys();
    }

    /** A codec with {@link #defaultMapper()}. */
    public static JsonCodec create(EventTypes types) {
        return new JsonCodec(types, defaultMapper());
    }

    /**
     * A codec with {@link #defaultMapper()} for the events of {@code types}: what a store holding these aggregates
     * needs. An event name registered by two of them is refused.
     */
    public static JsonCodec of(AggregateType<?, ?>... types) {
        EventTypes.Builder all = EventTypes.builder();
        for (AggregateType<?, ?> type : types) {
            all.include(type.events());
        }
        return create(all.build());
    }

    /** Jackson set up for records, {@code java.time} (ISO-8601 strings) and {@code Optional}; strict on reading. */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    public EventTypes types() {
        return types;
    }

    /** What turns payloads and state into JSON trees and back. */
    public PayloadMapper payloadMapper() {
        return payloads;
    }

    /**
     * The Jackson 2 mapper this codec was made with.
     *
     * @throws UnsupportedOperationException the codec was made with a {@link PayloadMapper} (Jackson 3's)
     * @deprecated use {@link #payloadMapper()}; a codec on Jackson 3 has no Jackson 2 mapper
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public ObjectMapper mapper() {
        if (mapper == null) {
            throw new UnsupportedOperationException("this codec maps payloads with " + payloads
                    + ", not a Jackson 2 ObjectMapper: use payloadMapper()");
        }
        return mapper;
    }

    /** The registered name of {@code payload}'s class. */
    public String eventName(Object payload) {
        return types.byPayloadClass(payload.getClass()).name();
    }

    /** The envelope with its payload as JSON at the registered schema version. */
    public EncodedEvent encode(AggregateEvent<?> event) {
        EventType<?> type = types.byPayloadClass(event.payload().getClass());
        if (!type.name().equals(event.eventName())) {
            throw new SerializationException("event %s of %s %s is named '%s' but its payload %s is registered as '%s'"
                    .formatted(
                            event.eventId(),
                            event.aggregateName(),
                            event.aggregateId(),
                            event.eventName(),
                            event.payload().getClass().getName(),
                            type.name()));
        }
        java.util.function.Supplier<String> what = () -> "payload of %s %s version %d (%s)"
                .formatted(event.aggregateName(), event.aggregateId(), event.aggregateVersion(), event.eventName());
        ObjectNode json = JsonTrees.toObject(payloads, event.payload(), what);
        personal.protect(json, type.payloadClass(), event.aggregateId(), associated(event.eventId()), what);
        return new EncodedEvent(
                event.eventId(),
                event.eventName(),
                event.aggregateName(),
                event.aggregateId(),
                event.aggregateVersion(),
                event.actorId(),
                type.schemaVersion(),
                json,
                event.metadata());
    }

    /**
     * The typed envelope of a stored event, upcast to the registered schema version.
     *
     * @param payloadBase the type every payload of this aggregate has (its sealed event interface)
     */
    public <E> AggregateEvent<E> decode(EncodedEvent stored, Class<E> payloadBase) {
        Object payload = payloadReader.read(stored);
        // an event stored under a name it was renamed from is read under its name now
        String eventName = types.byName(stored.eventName()).name();
        if (!payloadBase.isInstance(payload)) {
            throw new SerializationException("event %s (%s) of %s %s has payload %s, which is not a %s"
                    .formatted(
                            stored.eventId(),
                            stored.eventName(),
                            stored.aggregateName(),
                            stored.aggregateId(),
                            payload.getClass().getName(),
                            payloadBase.getName()));
        }
        return new AggregateEvent<>(
                stored.eventId(),
                eventName,
                stored.aggregateName(),
                stored.aggregateId(),
                stored.aggregateVersion(),
                stored.actorId(),
                payloadBase.cast(payload),
                stored.metadata());
    }

    /** The typed envelope of a stored event of any registered type. */
    public AggregateEvent<Object> decode(EncodedEvent stored) {
        return decode(stored, Object.class);
    }

    /** Aggregate state as a JSON object. */
    public ObjectNode encodeState(Object state, String aggregateName, String aggregateId) {
        return states.encode(state, aggregateName, aggregateId);
    }

    /** Aggregate state from its JSON object. */
    public <S> S decodeState(JsonNode json, Class<S> stateClass, String aggregateName, String aggregateId) {
        return states.decode(json, stateClass, aggregateName, aggregateId);
    }

    /** What an event's encrypted values are bound to: its id. */
    static byte[] associated(String eventId) {
        return eventId.getBytes(StandardCharsets.UTF_8);
    }
}
