package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.dynamodb.internal.AttributeValues;
import dev.escqrs.dynamodb.internal.EventItems;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attribute names of escqrs's items. DynamoDB bills every item by the length of its attribute names as well as
 * its values, on every write and read, so the default layout names them in one or two letters; docs/dynamodb.md has
 * the legend.
 *
 * <p>The key attributes are part of a table's schema, so a table keeps the layout it was created with: tables
 * created by escqrs before the compact layout (2026-12) are {@link #DESCRIPTIVE}, and are used with
 * {@code TableNames.withLayout(ItemLayout.DESCRIPTIVE)}. Both layouts read every item either one wrote, including
 * the first items with {@code aggregateName}, {@code aggregateId} and {@code eventTs}; the stream decoders read both
 * without being told.
 */
public enum ItemLayout {
    /**
     * The default. Events: {@code s} (stream id, partition key), {@code v} (version, sort key), {@code e} (event id),
     * {@code n} (event name), {@code a} (actor id), {@code d} (payload), and only when needed {@code sv} (schema
     * version), {@code ci} (correlation id), {@code ca} (causation id), {@code ck} (command key), {@code tp} (W3C traceparent), {@code b} (the key of the by-name index
     * {@code by-name}, sorted by {@code e}). Rows:
     * {@code id} (key), {@code v}, {@code a}, {@code c} (created at), {@code u} (updated at), {@code e} (last event
     * id), {@code sv} (state version), {@code d} (state).
     */
    COMPACT,
    /**
     * The full names of the first tables. Events: {@code streamId}, {@code aggregateVersion}, {@code eventId},
     * {@code eventName}, {@code actorId}, {@code payload}, {@code schemaVersion}, {@code correlationId},
     * {@code causationId}, {@code byName} (index {@code byName-eventId-index}). Rows: {@code aggregateId}, {@code version}, {@code actorId},
     * {@code createdAt}, {@code updatedAt}, {@code lastEventId}, {@code stateVersion}, {@code state}.
     */
    DESCRIPTIVE;

    /**
     * The item {@code event} is stored as in this layout, without the by-name index's key: for tools that size
     * events or write one by hand (a repair, a test of one). Encode the event with the aggregate's codec first.
     */
    public Map<String, AttributeValue> eventItem(EncodedEvent event) {
        return EventItems.of(this).toItem(event);
    }

    /**
     * The size of an item as DynamoDB counts it against its 400 KB limit and bills it (1 WCU per KB written, 1 RCU
     * per 4 KB read consistently): attribute names and values in UTF-8 bytes, numbers about one byte per two digits
     * plus one, three bytes of overhead per map or list and one per element. Errs on the large side.
     */
    public static long itemSize(Map<String, AttributeValue> item) {
        return AttributeValues.itemSize(item);
    }
}
