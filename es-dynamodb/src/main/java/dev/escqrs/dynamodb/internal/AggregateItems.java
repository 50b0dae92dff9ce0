package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.UnreadableStateException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An aggregate table's row: the metadata, the id of the last event written (which lets a writer recognise its own
 * commit after an ambiguous failure), the state's version when it is not 1, and the state's fields as one native map
 * attribute {@value #STATE}, so that no state field name can collide with the row's own (a state may have a field
 * named {@code version}). Rows of the first layout, with the state's fields at the top level, are still read.
 */
public final class AggregateItems {
    public static final String ID = "aggregateId";
    public static final String VERSION = "version";
    public static final String ACTOR_ID = "actorId";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LAST_EVENT_ID = "lastEventId";
    public static final String STATE_VERSION = "stateVersion";
    public static final String STATE = "state";
    /** The metadata attributes of the first layout, beside which the state's fields stood. */
    private static final Set<String> FIRST_LAYOUT_META = Set.of(ID, VERSION, ACTOR_ID, CREATED_AT, UPDATED_AT,
            LAST_EVENT_ID);

    private AggregateItems() {
    }

    public static <S> Map<String, AttributeValue> toItem(AggregateType<S, ?> type, Aggregate<S> aggregate,
                                                         String lastEventId, JsonCodec codec) {
        ObjectNode state = codec.encodeState(aggregate.state(), type.name(), aggregate.id());
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(ID, AttributeValue.fromS(aggregate.id()));
        item.put(VERSION, AttributeValue.fromN(Long.toString(aggregate.version())));
        item.put(ACTOR_ID, AttributeValue.fromS(aggregate.meta().actorId()));
        item.put(CREATED_AT, AttributeValue.fromS(aggregate.meta().createdAt().toString()));
        item.put(UPDATED_AT, AttributeValue.fromS(aggregate.meta().updatedAt().toString()));
        item.put(LAST_EVENT_ID, AttributeValue.fromS(lastEventId));
        if (type.stateVersion() != 1) {
            item.put(STATE_VERSION, AttributeValue.fromN(Integer.toString(type.stateVersion())));
        }
        item.put(STATE, AttributeValue.fromM(AttributeValues.fromJsonObject(state,
                "state of %s %s".formatted(type.name(), aggregate.id()))));
        return item;
    }

    /**
     * The row as the current state.
     *
     * @throws UnreadableStateException the row is at another state version, or its state does not read as the type's
     *                                  state class: rebuild it from the events
     */
    public static <S> Aggregate<S> fromItem(AggregateType<S, ?> type, Map<String, AttributeValue> item, JsonCodec codec) {
        String where = "row of %s in its aggregate table".formatted(type.name());
        String id = EventItems.s(item, ID, where);
        where = "row of %s %s".formatted(type.name(), id);
        AggregateMeta meta = new AggregateMeta(id, version(item, where), EventItems.s(item, ACTOR_ID, where),
                EventItems.instant(item, CREATED_AT, where), EventItems.instant(item, UPDATED_AT, where));
        int stateVersion = item.containsKey(STATE_VERSION) ? Integer.parseInt(EventItems.n(item, STATE_VERSION, where)) : 1;
        if (stateVersion != type.stateVersion()) {
            throw new UnreadableStateException(type.name(), id, meta.version(), "written at state version %d, the type declares %d"
                    .formatted(stateVersion, type.stateVersion()), null);
        }
        Map<String, AttributeValue> fields;
        if (item.containsKey(STATE) && item.get(STATE).hasM()) {
            fields = item.get(STATE).m();
        } else {
            fields = new LinkedHashMap<>(item);
            FIRST_LAYOUT_META.forEach(fields::remove);
        }
        try {
            S state = codec.decodeState(AttributeValues.toJsonObject(fields), type.stateClass(), type.name(), id);
            return new Aggregate<>(meta, state);
        } catch (SerializationException e) {
            throw new UnreadableStateException(type.name(), id, meta.version(), e.getMessage(), e);
        }
    }

    public static long version(Map<String, AttributeValue> item, String where) {
        try {
            return Long.parseLong(EventItems.n(item, VERSION, where));
        } catch (NumberFormatException e) {
            throw new SerializationException("%s: version is not a whole number".formatted(where), e);
        }
    }
}
