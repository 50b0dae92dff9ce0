package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An aggregate table's row: the metadata under reserved names, the state's fields beside them as native attributes,
 * and the id of the last event written (which lets a writer recognise its own commit after an ambiguous failure).
 */
public final class AggregateItems {
    public static final String ID = "aggregateId";
    public static final String VERSION = "version";
    public static final String ACTOR_ID = "actorId";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LAST_EVENT_ID = "lastEventId";
    /** Attribute names the row uses itself; a state field may not have one of these names. */
    public static final Set<String> RESERVED = Set.of(ID, VERSION, ACTOR_ID, CREATED_AT, UPDATED_AT, LAST_EVENT_ID);

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
        Map<String, AttributeValue> fields = AttributeValues.fromJsonObject(state,
                "state of %s %s".formatted(type.name(), aggregate.id()));
        for (Map.Entry<String, AttributeValue> field : fields.entrySet()) {
            if (RESERVED.contains(field.getKey())) {
                throw new SerializationException(("state of %s %s has a field named '%s', which the aggregate row uses "
                        + "itself; rename the field (reserved names: %s)").formatted(type.name(), aggregate.id(),
                        field.getKey(), RESERVED.stream().sorted().toList()));
            }
            item.put(field.getKey(), field.getValue());
        }
        return item;
    }

    public static <S> Aggregate<S> fromItem(AggregateType<S, ?> type, Map<String, AttributeValue> item, JsonCodec codec) {
        String where = "row of %s in its aggregate table".formatted(type.name());
        String id = EventItems.s(item, ID, where);
        where = "row of %s %s".formatted(type.name(), id);
        AggregateMeta meta = new AggregateMeta(id, version(item, where), EventItems.s(item, ACTOR_ID, where),
                EventItems.instant(item, CREATED_AT, where), EventItems.instant(item, UPDATED_AT, where));
        Map<String, AttributeValue> fields = new LinkedHashMap<>(item);
        RESERVED.forEach(fields::remove);
        S state = codec.decodeState(AttributeValues.toJsonObject(fields), type.stateClass(), type.name(), id);
        return new Aggregate<>(meta, state);
    }

    public static long version(Map<String, AttributeValue> item, String where) {
        try {
            return Long.parseLong(EventItems.n(item, VERSION, where));
        } catch (NumberFormatException e) {
            throw new SerializationException("%s: version is not a whole number".formatted(where), e);
        }
    }
}
