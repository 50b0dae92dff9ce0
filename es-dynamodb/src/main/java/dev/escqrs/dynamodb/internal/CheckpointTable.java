package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The checkpoints of named consumers in one table, one item per consumer: what {@code DynamoDbCheckpoints} stores, here
 * so that the indexer in {@code feed} keeps its default checkpoints without using the API package above it.
 */
public final class CheckpointTable implements Checkpoints {
    /** The key of the checkpoint table, and of the snapshots' and the parked aggregates' items beside them. */
    public static final String CONSUMER = "consumer";

    static final String CHECKPOINT = "checkpoint";
    static final String SAVED_AT = "savedAt";

    private final DynamoDbClient client;
    private final String table;
    private final String keyAttribute;
    private final String keyPrefix;
    private final String fix;

    /**
     * @param keyAttribute the table's partition key, a string
     * @param keyPrefix    put before the consumer's name in the key ("" in the checkpoint table)
     * @param fix          how the table is created, for the error when it is missing
     */
    public CheckpointTable(DynamoDbClient client, String table, String keyAttribute, String keyPrefix, String fix) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Identifiers.requireValid("table", table);
        this.keyAttribute = Identifiers.requireValid("keyAttribute", keyAttribute);
        this.keyPrefix = keyPrefix;
        this.fix = fix;
    }

    /** The checkpoint table of {@code tables} (key {@code consumer}). */
    public static CheckpointTable of(DynamoDbClient client, TableNames tables) {
        return new CheckpointTable(client, tables.checkpointsTable(), CONSUMER, "", ReadFailures.CREATE_TABLES);
    }

    private Map<String, AttributeValue> key(String consumer) {
        return Map.of(keyAttribute, AttributeValue.fromS(keyPrefix + Identifiers.requireValid("consumer", consumer)));
    }

    @Override
    public Optional<Checkpoint> load(String consumer) {
        GetItemResponse response = ReadFailures.guard(
                table,
                fix,
                () -> "loading the checkpoint of " + consumer,
                () -> client.getItem(
                        b -> b.tableName(table).consistentRead(true).key(key(consumer))));
        if (!response.hasItem() || !response.item().containsKey(CHECKPOINT)) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(response.item().get(CHECKPOINT).s()));
    }

    @Override
    public void save(String consumer, Checkpoint checkpoint) {
        Map<String, AttributeValue> item = new HashMap<>(key(consumer));
        item.put(CHECKPOINT, AttributeValue.fromS(checkpoint.value()));
        item.put(SAVED_AT, AttributeValue.fromS(Instant.now().toString()));
        ReadFailures.guard(
                table,
                fix,
                () -> "saving the checkpoint of " + consumer,
                () -> client.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public void delete(String consumer) {
        ReadFailures.guard(
                table,
                fix,
                () -> "deleting the checkpoint of " + consumer,
                () -> client.deleteItem(b -> b.tableName(table).key(key(consumer))));
    }

    /** Makes what {@link #saved} lists of one stored checkpoint. */
    @FunctionalInterface
    public interface SavedCheckpoint<T> {
        T of(String consumer, Checkpoint checkpoint, Optional<Instant> savedAt);
    }

    /**
     * Every checkpoint stored here, by consumer name: a consistent {@code Scan} of the table, less the items that are
     * not checkpoints (rows, parked aggregates).
     */
    public <T> List<T> saved(SavedCheckpoint<T> saved) {
        Map<String, String> names = new HashMap<>(Map.of("#cp", CHECKPOINT));
        Map<String, AttributeValue> values = new HashMap<>();
        String filter = "attribute_exists(#cp)";
        if (!keyPrefix.isEmpty()) {
            names.put("#k", keyAttribute);
            values.put(":p", AttributeValue.fromS(keyPrefix));
            filter += " AND begins_with(#k, :p)";
        }
        ScanRequest request = ScanRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .filterExpression(filter)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .build();
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : client.scanPaginator(request).items()) {
            AttributeValue key = item.get(keyAttribute);
            AttributeValue checkpoint = item.get(CHECKPOINT);
            if (key == null || key.s() == null || !key.s().startsWith(keyPrefix) || checkpoint.s() == null) {
                continue;
            }
            found.add(item);
        }
        found.sort(Comparator.comparing(item -> item.get(keyAttribute).s()));
        return found.stream()
                .map(item -> saved.of(
                        item.get(keyAttribute).s().substring(keyPrefix.length()),
                        new Checkpoint(item.get(CHECKPOINT).s()),
                        savedAt(item.get(SAVED_AT))))
                .toList();
    }

    private static Optional<Instant> savedAt(AttributeValue value) {
        if (value == null || value.s() == null) {
            return Optional.empty(); // written before savedAt was stored
        }
        try {
            return Optional.of(Instant.parse(value.s()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
