package dev.escqrs.dynamodb.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.f4b6a3.ulid.Ulid;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.dynamodb.table.ItemLayout;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The aggregate's state as it rides on its newest event's item in one-item mode, in one {@link ItemLayout}'s
 * attribute names, beside the event's own: the state ({@code st}), its version when not 1 ({@code stv}), when the
 * aggregate was created ({@code c}, epoch milliseconds) and the keyed commands it remembers ({@code k}); after a
 * repair rewrote the state, when it did ({@code sr}, which tells the stream's MODIFY record apart). The rest of
 * the aggregate's metadata is the event's: the version, the actor of the last change, and the time of the last
 * change (the event id's). Stream decoders read the event and ignore these.
 */
public record StateItems(String state, String stateVersion, String createdAt, String keyedCommands, String repairedAt) {
    public static final StateItems COMPACT = new StateItems("st", "stv", "c", "k", "sr");
    public static final StateItems DESCRIPTIVE =
            new StateItems("state", "stateVersion", "createdAt", "keyedCommands", "stateRepairedAt");

    public static StateItems of(ItemLayout layout) {
        return switch (layout) {
            case COMPACT -> COMPACT;
            case DESCRIPTIVE -> DESCRIPTIVE;
        };
    }

    /** The state's names on {@code item}, by the layout its event was written in. */
    private static StateItems on(Map<String, AttributeValue> item) {
        return EventItems.layoutOf(item).orElse(EventItems.COMPACT) == EventItems.COMPACT ? COMPACT : DESCRIPTIVE;
    }

    /** Whether the event item {@code item} carries a state (written in one-item mode), of either layout. */
    public static boolean carriesState(Map<String, AttributeValue> item) {
        return EventItems.layoutOf(item).isPresent() && item.containsKey(on(item).state);
    }

    /**
     * Whether {@code image}, the new image of a stream's MODIFY record, is an event whose state a repair rewrote (its
     * event attributes untouched): nothing to project.
     */
    public static boolean isStateRepair(Map<String, AttributeValue> image) {
        return image != null && EventItems.layoutOf(image).isPresent() && image.containsKey(on(image).repairedAt);
    }

    /** {@link #fromItem} in the names of the layout {@code item} was written in. */
    public static <S> Aggregate<S> read(AggregateType<?, S> type, Map<String, AttributeValue> item, JsonCodec codec) {
        return on(item).fromItem(type, item, codec);
    }

    /** {@code eventItem} (the aggregate's newest event, as {@link EventItems} wrote it) with {@code aggregate}'s state. */
    public <S> Map<String, AttributeValue> withState(
            Map<String, AttributeValue> eventItem, AggregateType<?, S> type, Aggregate<S> aggregate, JsonCodec codec) {
        ObjectNode encoded = StoreLimits.storableState(codec, type.name(), aggregate);
        Map<String, AttributeValue> item = new LinkedHashMap<>(eventItem);
        Instant created = aggregate.meta().createdAt();
        item.put(
                createdAt,
                created.getNano() % 1_000_000 == 0
                        ? AttributeValue.fromN(Long.toString(created.toEpochMilli()))
                        : AttributeValue.fromS(created.toString()));
        AggregateItems.putState(item, type, aggregate, encoded, stateVersion, keyedCommands, state);
        return item;
    }

    /**
     * The aggregate as the event item {@code item} (of this layout, carrying a state) left it.
     *
     * @throws UnreadableStateException the state is of another state version, or does not read as the type's state
     *                                  class: rebuild it from the events
     */
    public <S> Aggregate<S> fromItem(AggregateType<?, S> type, Map<String, AttributeValue> item, JsonCodec codec) {
        EncodedEvent event = EventItems.fromItem(item, "the newest event of " + type.name());
        String where =
                "the state on event %s of %s %s".formatted(event.aggregateVersion(), type.name(), event.aggregateId());
        AggregateMeta meta = new AggregateMeta(
                event.aggregateId(),
                event.aggregateVersion(),
                event.actorId(),
                created(item, where),
                ulidTime(event.eventId(), where),
                AggregateItems.keyedCommands(item, keyedCommands, where));
        AttributeValue fields = item.get(state);
        if (fields == null || !fields.hasM()) {
            throw new UnreadableStateException(
                    type.name(),
                    meta.id(),
                    meta.version(),
                    "%s: attribute '%s' is missing or not a map".formatted(where, state),
                    null);
        }
        return AggregateItems.decodeState(type, meta, item, stateVersion, fields.m(), codec, where);
    }

    /** The time in a ULID event id, as {@code AggregateEvent.occurredAt} reads it. */
    private static Instant ulidTime(String eventId, String where) {
        try {
            return Ulid.getInstant(eventId);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("%s: the event id '%s' is not a ULID".formatted(where, eventId), e);
        }
    }

    private Instant created(Map<String, AttributeValue> item, String where) {
        AttributeValue value = EventItems.required(item, createdAt, where);
        if (value.n() != null) {
            return Instant.ofEpochMilli(Long.parseLong(value.n()));
        }
        return EventItems.instant(item, createdAt, where);
    }
}
