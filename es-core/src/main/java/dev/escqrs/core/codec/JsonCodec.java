package dev.escqrs.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventType;
import dev.escqrs.core.event.EventTypes;

import java.util.Map;

/**
 * Turns event payloads and aggregate state into JSON objects and back, with Jackson, through the
 * {@link EventTypes} registry. Every store goes through one codec, so what one store refuses (a payload Jackson
 * cannot write, a number DynamoDB cannot hold) every store refuses, and what one store returns every store returns.
 *
 * <p>Payloads and state must serialize to JSON objects. DynamoDB's rules hold on every store, since every store
 * goes through here: numbers finite, within 1E-130 to 9.99E+125 in magnitude and at most 38 significant digits;
 * strings and field names valid Unicode; field names not empty; at most {@value #MAX_NESTING} levels of nesting. Decimals are written as DynamoDB returns them
 * ({@link #storedForm}). Unknown properties in stored JSON
 * are an error (upcast instead of ignoring). Events stored at an older schema version are upcast step by step to the
 * registered version before they are read.
 *
 * <pre>{@code
 * JsonCodec codec = JsonCodec.create(types);              // default mapper
 * JsonCodec codec = new JsonCodec(types, myObjectMapper); // your mapper
 * }</pre>
 */
public final class JsonCodec {
    private final EventTypes types;
    private final ObjectMapper mapper;

    public JsonCodec(EventTypes types, ObjectMapper mapper) {
        this.types = types;
        this.mapper = mapper;
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

    public ObjectMapper mapper() {
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
                    .formatted(event.eventId(), event.aggregateName(), event.aggregateId(), event.eventName(),
                            event.payload().getClass().getName(), type.name()));
        }
        ObjectNode json = toObject(event.payload(), () -> "payload of %s %s version %d (%s)".formatted(
                event.aggregateName(), event.aggregateId(), event.aggregateVersion(), event.eventName()));
        return new EncodedEvent(event.eventId(), event.eventName(), event.aggregateName(), event.aggregateId(),
                event.aggregateVersion(), event.actorId(), type.schemaVersion(), json, event.metadata());
    }

    /**
     * The typed envelope of a stored event, upcast to the registered schema version.
     *
     * @param payloadBase the type every payload of this aggregate has (its sealed event interface)
     */
    public <E> AggregateEvent<E> decode(EncodedEvent stored, Class<E> payloadBase) {
        Object payload = decodePayload(stored);
        // an event stored under a name it was renamed from is read under its name now
        String eventName = types.byName(stored.eventName()).name();
        if (!payloadBase.isInstance(payload)) {
            throw new SerializationException("event %s (%s) of %s %s has payload %s, which is not a %s".formatted(
                    stored.eventId(), stored.eventName(), stored.aggregateName(), stored.aggregateId(),
                    payload.getClass().getName(), payloadBase.getName()));
        }
        return new AggregateEvent<>(stored.eventId(), eventName, stored.aggregateName(),
                stored.aggregateId(), stored.aggregateVersion(), stored.actorId(), payloadBase.cast(payload),
                stored.metadata());
    }

    /** The typed envelope of a stored event of any registered type. */
    public AggregateEvent<Object> decode(EncodedEvent stored) {
        return decode(stored, Object.class);
    }

    private Object decodePayload(EncodedEvent stored) {
        EventType<?> type = types.byName(stored.eventName());
        int version = stored.schemaVersion();
        if (version > type.schemaVersion()) {
            throw new SerializationException(("event %s (%s) of %s %s was written at schema version %d, newer than "
                    + "this code's %d; deploy the newer code to read it").formatted(stored.eventId(),
                    stored.eventName(), stored.aggregateName(), stored.aggregateId(), version, type.schemaVersion()));
        }
        ObjectNode json = stored.payload().deepCopy();
        while (version < type.schemaVersion()) {
            final int from = version;
            json = types.upcaster(type.name(), from).orElseThrow(() -> new SerializationException(
                    "event %s (%s) of %s %s is at schema version %d and no upcaster from %d to %d is registered"
                            .formatted(stored.eventId(), stored.eventName(), stored.aggregateName(),
                                    stored.aggregateId(), from, from, from + 1))).upcast(json);
            version++;
        }
        try {
            return mapper.treeToValue(json, type.payloadClass());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SerializationException("event %s (%s) of %s %s version %d cannot be read as %s: %s".formatted(
                    stored.eventId(), stored.eventName(), stored.aggregateName(), stored.aggregateId(),
                    stored.aggregateVersion(), type.payloadClass().getName(), e.getMessage()), e);
        }
    }

    /** Aggregate state as a JSON object. */
    public ObjectNode encodeState(Object state, String aggregateName, String aggregateId) {
        return toObject(state, () -> "state of %s %s".formatted(aggregateName, aggregateId));
    }

    /** Aggregate state from its JSON object. */
    public <S> S decodeState(JsonNode json, Class<S> stateClass, String aggregateName, String aggregateId) {
        try {
            return mapper.treeToValue(json, stateClass);
        } catch (JsonProcessingException e) {
            throw new SerializationException("stored state of %s %s cannot be read as %s: %s".formatted(
                    aggregateName, aggregateId, stateClass.getName(), withoutJacksonAdvice(e.getOriginalMessage())), e);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("stored state of %s %s cannot be read as %s: %s".formatted(
                    aggregateName, aggregateId, stateClass.getName(), withoutJacksonAdvice(e.getMessage())), e);
        }
    }

    /**
     * Jackson's words without its advice to change the mapper ("set DeserializationFeature... to 'false' to allow"):
     * a stored state that no longer reads is rebuilt from the events, not read more leniently.
     */
    private static String withoutJacksonAdvice(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\((set|enable|disable) [A-Za-z.]*Feature\\.[^)]*\\)", "");
    }

    private ObjectNode toObject(Object value, java.util.function.Supplier<String> what) {
        JsonNode json;
        try {
            json = mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("%s (%s) cannot be written as JSON: %s"
                    .formatted(what.get(), value.getClass().getName(), rootMessage(e)), e);
        }
        if (!(json instanceof ObjectNode object)) {
            throw new SerializationException("%s (%s) must be written as a JSON object, got %s"
                    .formatted(what.get(), value.getClass().getName(), json.getNodeType()));
        }
        requireStorable(object, JsonPath.ROOT, what);
        return object;
    }

    /**
     * {@code value} as every store returns it: written to JSON by this codec's mapper, with decimals normalized the way
     * DynamoDB normalizes them. Two values with the same stored form are the same to every store, so tests compare
     * this ({@code 12.50} and {@code 12.5} have one stored form). Refuses, as {@link #encode} does, what no store holds.
     */
    public JsonNode storedForm(Object value) {
        java.util.Objects.requireNonNull(value, "value");
        JsonNode json;
        try {
            json = mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("%s cannot be written as JSON: %s"
                    .formatted(value.getClass().getName(), rootMessage(e)), e);
        }
        java.util.function.Supplier<String> what = () -> value.getClass().getSimpleName();
        JsonNode normalized = normalizeNumber(json, JsonPath.ROOT, what);
        requireValidText(normalized, JsonPath.ROOT, what);
        requireStorable(normalized, JsonPath.ROOT, what);
        return normalized;
    }

    /** {@link #storedForm} with {@link #defaultMapper()}: what tests without a codec compare. */
    public static JsonNode defaultStoredForm(Object value) {
        return DEFAULT.storedForm(value);
    }

    private static final JsonCodec DEFAULT = new JsonCodec(EventTypes.builder().build(), defaultMapper());

    /** DynamoDB's number range: magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125, and zero. */
    private static final java.math.BigDecimal MAX_MAGNITUDE = new java.math.BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final java.math.BigDecimal MIN_MAGNITUDE = new java.math.BigDecimal("1E-130");
    /**
     * The deepest nesting of maps and lists DynamoDB holds in an attribute (32 levels); a payload or state is itself the
     * first level. moto does not check it; AWS does.
     */
    public static final int MAX_NESTING = 32;
    /** DynamoDB keeps at most this many significant digits of a number. */
    public static final int MAX_NUMBER_DIGITS = 38;

    /**
     * Where a value is in a tree, as {@code /field/0/field}: built as a chain of small records while the tree is
     * checked, and spelled out only for an error message (the check runs on every event and state written).
     */
    private record JsonPath(JsonPath parent, String field, int index) {
        static final JsonPath ROOT = new JsonPath(null, null, -1);

        JsonPath field(String name) {
            return new JsonPath(this, name, -1);
        }

        JsonPath index(int i) {
            return new JsonPath(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "/";
            }
            String above = parent.parent == null ? "" : parent.toString();
            return above + "/" + (field != null ? field : Integer.toString(index));
        }
    }

    /**
     * Checks that every store can hold the tree, with DynamoDB's rules since it is the strictest store: finite numbers
     * within DynamoDB's range and precision, valid Unicode in every string and field name, non-empty field names. And
     * writes decimals the way DynamoDB returns them, so that every store returns the same: no trailing zeros after the
     * point, and integral values as integers ({@code 12.50} becomes {@code 12.5}, {@code 1E+2} becomes {@code 100}).
     */
    private static void requireStorable(JsonNode node, JsonPath path, java.util.function.Supplier<String> what) {
        requireStorable(node, path, what, 1);
    }

    private static void requireStorable(JsonNode node, JsonPath path, java.util.function.Supplier<String> what, int depth) {
        if (node.isContainerNode() && depth > MAX_NESTING) {
            throw new SerializationException(("%s is nested %d levels deep at %s; DynamoDB holds at most %d levels, so "
                    + "no store does. Nothing was written.").formatted(what.get(), depth, path, MAX_NESTING));
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonPath at = path.field(field.getKey());
                if (field.getKey().isEmpty()) {
                    throw new SerializationException("%s has a field with an empty name at %s; stores need names"
                            .formatted(what.get(), path));
                }
                requireValidUnicode(field.getKey(), () -> "the name of the field at " + at, what);
                JsonNode normalized = normalizeNumber(field.getValue(), at, what);
                if (normalized != field.getValue()) {
                    field.setValue(normalized);
                }
                requireValidText(field.getValue(), at, what);
                requireStorable(field.getValue(), at, what, depth + 1);
            }
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonPath at = path.index(i);
                JsonNode normalized = normalizeNumber(array.get(i), at, what);
                if (normalized != array.get(i)) {
                    array.set(i, normalized);
                }
                requireValidText(array.get(i), at, what);
                requireStorable(array.get(i), at, what, depth + 1);
            }
        }
    }

    private static void requireValidText(JsonNode node, JsonPath path, java.util.function.Supplier<String> what) {
        if (node.isTextual()) {
            requireValidUnicode(node.textValue(), () -> "the string at " + path, what);
        }
    }

    /** A lone surrogate is not Unicode: DynamoDB refuses it (moto answers 503), so every store does. */
    private static void requireValidUnicode(String text, java.util.function.Supplier<String> where,
                                            java.util.function.Supplier<String> what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SerializationException("%s: %s is not valid Unicode (a lone surrogate U+%04X at index %d); "
                        .formatted(what.get(), where.get(), (int) c, i) + "stores hold valid Unicode only. Nothing was written.");
            }
        }
    }

    private static JsonNode normalizeNumber(JsonNode node, JsonPath path, java.util.function.Supplier<String> what) {
        if (!node.isNumber()) {
            return node;
        }
        if (node.isInt() || node.isLong() || node.isShort()) {
            // at most 19 digits, and 0 or at least 1 in magnitude: within DynamoDB's range and precision as it is
            return node;
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
            throw new SerializationException("%s has a non-finite number at %s; stores hold finite numbers only"
                    .formatted(what.get(), path));
        }
        java.math.BigDecimal value = node.decimalValue();
        java.math.BigDecimal magnitude = value.abs();
        if (value.signum() != 0 && (magnitude.compareTo(MAX_MAGNITUDE) > 0 || magnitude.compareTo(MIN_MAGNITUDE) < 0)) {
            throw new SerializationException(("%s has the number %s at %s, outside the range stores hold (DynamoDB's: "
                    + "1E-130 to 9.99E+125 in magnitude, and 0). Nothing was written.").formatted(what.get(), value, path));
        }
        java.math.BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > MAX_NUMBER_DIGITS) {
            throw new SerializationException(("%s has the number %s at %s with %d significant digits; stores keep at "
                    + "most %d (DynamoDB's precision). Nothing was written.").formatted(what.get(), value, path,
                    stripped.precision(), MAX_NUMBER_DIGITS));
        }
        if (!node.isBigDecimal()) {
            return node;
        }
        if (stripped.scale() <= 0) {
            return JsonNodeFactory.instance.numberNode(stripped.toBigIntegerExact());
        }
        return JsonNodeFactory.instance.numberNode(stripped);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
