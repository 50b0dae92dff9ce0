package dev.escqrs.dynamodb.table;

import dev.escqrs.core.aggregate.AggregateType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of escqrs's tables: one events table for all aggregate types, one aggregate table per type
 * ({@code prefix + aggregateName}), and the checkpoint table of feed subscriptions; whether the events table has the
 * events-by-name index, in how many shards ({@code 0}: no index, the default); and the tables' {@link ItemLayout}
 * (the attribute names; {@link ItemLayout#COMPACT} unless set); and how each aggregate type is stored
 * ({@link StorageMode}: {@link StorageMode#TWO_ITEM} unless set, for all types or per type).
 *
 * <pre>{@code
 * TableNames names = TableNames.withPrefix("blog-");   // blog-events, blog-BlogPost, blog-checkpoints
 * TableNames listed = names.withEventsByName(4);       // and EventStore.eventsByName, through a KEYS_ONLY index in 4 shards
 * TableNames first = names.withLayout(ItemLayout.DESCRIPTIVE); // tables created before the compact layout
 * TableNames cheap = names.withStorage(StorageMode.ONE_ITEM, "BlogPost"); // BlogPost's state on its newest event
 * }</pre>
 *
 * <p>The index costs one more write (1 WCU) per event, so it is there only when asked for. Every writer and reader
 * of one set of tables must use the same shard count: it decides which index partition an event is written to, and
 * the same layout: it names the key attributes, which a table cannot change.
 */
public record TableNames(
        String eventsTable,
        String aggregateTablePrefix,
        String checkpointsTable,
        int eventsByNameShards,
        ItemLayout layout,
        StorageMode defaultStorage,
        Map<String, StorageMode> storageByType) {
    /** The most shards the by-name index may have: a by-name read queries every one. */
    public static final int MAX_EVENTS_BY_NAME_SHARDS = 32;

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    public TableNames {
        requireValid(eventsTable);
        Objects.requireNonNull(aggregateTablePrefix, "aggregateTablePrefix");
        requireValid(checkpointsTable);
        if (eventsByNameShards < 0 || eventsByNameShards > MAX_EVENTS_BY_NAME_SHARDS) {
            throw new IllegalArgumentException("eventsByNameShards must be 0 (no index) to %d, got %d"
                    .formatted(MAX_EVENTS_BY_NAME_SHARDS, eventsByNameShards));
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(defaultStorage, "defaultStorage");
        storageByType = Map.copyOf(storageByType);
    }

    /** Tables of the compact layout without the events-by-name index, every type in two-item mode. */
    public TableNames(String eventsTable, String aggregateTablePrefix, String checkpointsTable) {
        this(eventsTable, aggregateTablePrefix, checkpointsTable, 0, ItemLayout.COMPACT);
    }

    /** These tables, every type in two-item mode (the constructor before storage modes, kept for its callers). */
    public TableNames(
            String eventsTable,
            String aggregateTablePrefix,
            String checkpointsTable,
            int eventsByNameShards,
            ItemLayout layout) {
        this(
                eventsTable,
                aggregateTablePrefix,
                checkpointsTable,
                eventsByNameShards,
                layout,
                StorageMode.TWO_ITEM,
                Map.of());
    }

    /**
     * The same tables with the events-by-name index ({@code EventStore.eventsByName}), its key spread over {@code shards}
     * partitions ({@code eventName#0} to {@code eventName#shards-1}, by stream): one event name is then written at up
     * to {@code shards} times the 1,000 WCU/s one index partition takes. 1 to {@value #MAX_EVENTS_BY_NAME_SHARDS}.
     */
    public TableNames withEventsByName(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException(
                    "the by-name index needs 1 to %d shards, got %d".formatted(MAX_EVENTS_BY_NAME_SHARDS, shards));
        }
        return new TableNames(
                eventsTable, aggregateTablePrefix, checkpointsTable, shards, layout, defaultStorage, storageByType);
    }

    /**
     * The same tables in another layout: {@link ItemLayout#DESCRIPTIVE} for tables that escqrs created before the compact layout (key
     * attributes {@code streamId}, {@code aggregateVersion} and {@code aggregateId}). Events of both layouts are
     * read either way; this decides how the tables are keyed and what is written.
     */
    public TableNames withLayout(ItemLayout itemLayout) {
        return new TableNames(
                eventsTable,
                aggregateTablePrefix,
                checkpointsTable,
                eventsByNameShards,
                itemLayout,
                defaultStorage,
                storageByType);
    }

    /**
     * The same tables with {@code mode} for every aggregate type not named in a {@link #withStorage(StorageMode,
     * String...)}. Every writer of one aggregate type should use the same mode; switching a type works on existing
     * data in both directions (docs/dynamodb.md, "Switching modes").
     */
    public TableNames withStorage(StorageMode mode) {
        return new TableNames(
                eventsTable,
                aggregateTablePrefix,
                checkpointsTable,
                eventsByNameShards,
                layout,
                Objects.requireNonNull(mode, "mode"),
                storageByType);
    }

    /** The same tables with the aggregate types {@code aggregateNames} stored in {@code mode}. */
    public TableNames withStorage(StorageMode mode, String... aggregateNames) {
        Objects.requireNonNull(mode, "mode");
        if (aggregateNames.length == 0) {
            throw new IllegalArgumentException(
                    "name the aggregate types to store in %s mode, or call withStorage(%s) ".formatted(mode, mode)
                            + "for every type");
        }
        Map<String, StorageMode> modes = new HashMap<>(storageByType);
        Arrays.stream(aggregateNames)
                .forEach(name -> modes.put(
                        requireValid(aggregateTablePrefix + name).substring(aggregateTablePrefix.length()), mode));
        return new TableNames(
                eventsTable, aggregateTablePrefix, checkpointsTable, eventsByNameShards, layout, defaultStorage, modes);
    }

    /** How the aggregates of {@code aggregateName} are stored. */
    public StorageMode storage(String aggregateName) {
        return storageByType.getOrDefault(aggregateName, defaultStorage);
    }

    /**
     * The change-feed index: {@code eventsTable + "-index"} ({@code blog-events-index}), written by the indexer
     * ({@code DynamoDbIndexer}, {@code IndexStreamHandler}) and read by {@code DynamoDbIndexFeed}.
     */
    public String indexTable() {
        return requireValid(eventsTable + "-index");
    }

    /**
     * The snapshots of read models in memory: {@code eventsTable + "-snapshots"}, written and read by
     * {@code DynamoDbSnapshots}. A table of their own, so that the scans of the checkpoint table (parking, the CLI)
     * never read a snapshot's hundreds of kilobytes.
     */
    public String snapshotsTable() {
        return requireValid(eventsTable + "-snapshots");
    }

    /**
     * The data keys of personal data's subjects: {@code eventsTable + "-keys"}, written and read by
     * {@code DynamoDbDataKeys} (see docs/privacy.md), created by {@link dev.escqrs.dynamodb.DynamoDbTables#createKeysTable()}.
     */
    public String keysTable() {
        return requireValid(eventsTable + "-keys");
    }

    public boolean hasEventsByName() {
        return eventsByNameShards > 0;
    }

    /** {@code prefix + "events"}, {@code prefix + aggregateName}, {@code prefix + "checkpoints"}. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "events", prefix, prefix + "checkpoints");
    }

    public String aggregateTable(AggregateType<?, ?> type) {
        return aggregateTable(type.name());
    }

    public String aggregateTable(String aggregateName) {
        return requireValid(aggregateTablePrefix + aggregateName);
    }

    private static String requireValid(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(("'%s' is not a valid DynamoDB table name: 3 to 255 characters of "
                            + "a-z, A-Z, 0-9, '_', '-' and '.'")
                    .formatted(name));
        }
        return name;
    }
}
