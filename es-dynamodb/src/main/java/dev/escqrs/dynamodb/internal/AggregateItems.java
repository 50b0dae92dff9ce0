package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.dynamodb.table.ItemLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An aggregate table's row, in one {@link ItemLayout}'s attribute names: the metadata, the id of the last event
 * written (which lets a writer recognise its own commit after an ambiguous failure), the state's version when it is
 * not 1, and the state's fields as one native map attribute, so that no state field name can collide with the row's
 * own (a state may have a field named {@code version}). Rows of the first layout, with the state's fields at the top
 * level, are still read from tables of the descriptive layout; a row is read in its table's layout, never guessed
 * (in the first layout a state field may bear any name).
 */
public record AggregateItems(
        ItemLayout layout,
        String id,
        String version,
        String actorId,
        String createdAt,
        String updatedAt,
        String lastEventId,
        String stateVersion,
        String keyedCommands,
        String state) {
    public static final AggregateItems COMPACT =
            new AggregateItems(ItemLayout.COMPACT, "id", "v", "a", "c", "u", "e", "sv", "k", "d");
    public static final AggregateItems DESCRIPTIVE = new AggregateItems(
            ItemLayout.DESCRIPTIVE,
            "aggregateId",
            "version",
            "actorId",
            "createdAt",
            "updatedAt",
            "lastEventId",
            "stateVersion",
            "keyedCommands",
            "state");
    /** The metadata attributes of the first layout, beside which the state's fields stood. */
    private static final Set<String> FIRST_LAYOUT_META = Set.of(
            DESCRIPTIVE.id,
            DESCRIPTIVE.version,
            DESCRIPTIVE.actorId,
            DESCRIPTIVE.createdAt,
            DESCRIPTIVE.updatedAt,
            DESCRIPTIVE.lastEventId,
            DESCRIPTIVE.keyedCommands);

    public static AggregateItems of(ItemLayout layout) {
        return switch (layout) {
            case COMPACT -> COMPACT;
            case DESCRIPTIVE -> DESCRIPTIVE;
        };
    }

    /** The key of the row of {@code aggregateId}. */
    public Map<String, AttributeValue> key(String aggregateId) {
        return Map.of(id, AttributeValue.fromS(aggregateId));
    }

    public <S> Map<String, AttributeValue> toItem(
            AggregateType<?, S> type, Aggregate<S> aggregate, String lastEvent, JsonCodec codec) {
        ObjectNode encoded = StoreLimits.storableState(codec, type.name(), aggregate);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(id, AttributeValue.fromS(aggregate.id()));
        item.put(version, AttributeValue.fromN(Long.toString(aggregate.version())));
        item.put(actorId, AttributeValue.fromS(aggregate.meta().actorId()));
        item.put(createdAt, AttributeValue.fromS(aggregate.meta().createdAt().toString()));
        item.put(updatedAt, AttributeValue.fromS(aggregate.meta().updatedAt().toString()));
        item.put(lastEventId, AttributeValue.fromS(lastEvent));
        putState(item, type, aggregate, encoded, stateVersion, keyedCommands, state);
        return item;
    }

    /**
     * The state's attributes, as a row and a one-item event carry them: its version when not 1, the remembered keyed
     * commands when any, and the state's fields as one map.
     */
    static <S> void putState(
            Map<String, AttributeValue> item,
            AggregateType<?, S> type,
            Aggregate<S> aggregate,
            ObjectNode encoded,
            String stateVersion,
            String keyedCommands,
            String state) {
        if (type.stateVersion() != 1) {
            item.put(stateVersion, AttributeValue.fromN(Integer.toString(type.stateVersion())));
        }
        if (!aggregate.meta().keyedCommands().isEmpty()) {
            item.put(
                    keyedCommands,
                    AttributeValue.fromL(aggregate.meta().keyedCommands().stream()
                            .map(entry -> AttributeValue.fromS(entry.encoded()))
                            .toList()));
        }
        item.put(
                state,
                AttributeValue.fromM(AttributeValues.fromJsonObject(
                        encoded, "state of %s %s".formatted(type.name(), aggregate.id()))));
    }

    /**
     * The state in {@code fields} as of {@code meta}, if {@code item} was written at the type's state version.
     *
     * @throws UnreadableStateException another state version, or fields that do not read as the state class
     */
    static <S> Aggregate<S> decodeState(
            AggregateType<?, S> type,
            AggregateMeta meta,
            Map<String, AttributeValue> item,
            String stateVersion,
            Map<String, AttributeValue> fields,
            JsonCodec codec,
            String where) {
        int writtenAt = item.containsKey(stateVersion) ? Integer.parseInt(EventItems.n(item, stateVersion, where)) : 1;
        if (writtenAt != type.stateVersion()) {
            throw new UnreadableStateException(
                    type.name(),
                    meta.id(),
                    meta.version(),
                    "written at state version %d, the type declares %d".formatted(writtenAt, type.stateVersion()),
                    null);
        }
        try {
            S decoded =
                    codec.decodeState(AttributeValues.toJsonObject(fields), type.stateClass(), type.name(), meta.id());
            return new Aggregate<>(meta, decoded);
        } catch (SerializationException e) {
            throw new UnreadableStateException(type.name(), meta.id(), meta.version(), e.getMessage(), e);
        }
    }

    /**
     * The row as the current state.
     *
     * @throws UnreadableStateException the row is at another state version, or its state does not read as the type's
     *                                  state class: rebuild it from the events
     */
    public <S> Aggregate<S> fromItem(AggregateType<?, S> type, Map<String, AttributeValue> item, JsonCodec codec) {
        String where = "row of %s in its aggregate table".formatted(type.name());
        String aggregateId = EventItems.s(item, id, where);
        where = "row of %s %s".formatted(type.name(), aggregateId);
        AggregateMeta meta = new AggregateMeta(
                aggregateId,
                version(item, where),
                EventItems.s(item, actorId, where),
                EventItems.instant(item, createdAt, where),
                EventItems.instant(item, updatedAt, where),
                keyedCommands(item, keyedCommands, where));
        Map<String, AttributeValue> fields;
        if (item.containsKey(state) && item.get(state).hasM()) {
            fields = item.get(state).m();
        } else if (layout == ItemLayout.DESCRIPTIVE) {
            fields = new LinkedHashMap<>(item);
            FIRST_LAYOUT_META.forEach(fields::remove);
        } else {
            throw new UnreadableStateException(
                    type.name(),
                    aggregateId,
                    meta.version(),
                    "%s: attribute '%s' (the state) is missing or not a map".formatted(where, state),
                    null);
        }
        return decodeState(type, meta, item, stateVersion, fields, codec, where);
    }

    /** The keyed commands in attribute {@code keyedCommands} of {@code item}: a list of strings, or absent. */
    static List<KeyedCommand> keyedCommands(Map<String, AttributeValue> item, String keyedCommands, String where) {
        AttributeValue value = item.get(keyedCommands);
        if (value == null) {
            return List.of();
        }
        if (!value.hasL()) {
            throw new SerializationException("%s: attribute '%s' is not a list".formatted(where, keyedCommands));
        }
        return value.l().stream()
                .map(entry ->
                        KeyedCommand.parse(entry.s() == null ? "" : entry.s(), where + ": attribute " + keyedCommands))
                .toList();
    }

    public long version(Map<String, AttributeValue> item, String where) {
        try {
            return Long.parseLong(EventItems.n(item, version, where));
        } catch (NumberFormatException e) {
            throw new SerializationException("%s: version is not a whole number".formatted(where), e);
        }
    }
}
