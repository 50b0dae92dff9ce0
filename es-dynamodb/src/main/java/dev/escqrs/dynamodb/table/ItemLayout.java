package dev.escqrs.dynamodb.table;

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
     * version), {@code ci} (correlation id), {@code ca} (causation id), {@code ck} (the idempotency record: key hash, command hash, event count), {@code tp} (W3C traceparent), {@code b} (the key of the by-name index
     * {@code by-name}, sorted by {@code e}). Rows:
     * {@code id} (key), {@code v}, {@code a}, {@code c} (created at), {@code u} (updated at), {@code e} (last event
     * id), {@code sv} (state version), {@code d} (state).
     */
    COMPACT,
    /**
     * The full names of the first tables. Events: {@code streamId}, {@code aggregateVersion}, {@code eventId},
     * {@code eventName}, {@code actorId}, {@code payload}, {@code schemaVersion}, {@code correlationId},
     * {@code causationId}, {@code commandKey}, {@code traceParent}, {@code byName} (index {@code byName-eventId-index}). Rows: {@code aggregateId}, {@code version}, {@code actorId},
     * {@code createdAt}, {@code updatedAt}, {@code lastEventId}, {@code stateVersion}, {@code state}.
     */
    DESCRIPTIVE
}
