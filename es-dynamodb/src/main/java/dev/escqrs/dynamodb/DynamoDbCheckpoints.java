package dev.escqrs.dynamodb;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.dynamodb.internal.ReadFailures;
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
 * Change feed checkpoints of named consumers, one item per consumer holding its position in every shard, written
 * only after the consumer's handler succeeded.
 *
 * <p>Two places: the checkpoint table ({@link #DynamoDbCheckpoints(DynamoDbClient, TableNames)}), for consumers that
 * keep no state of their own (a {@code FeedSubscription} that sends mail); and a read model's own table
 * ({@link #inTable}), for a {@code DurableProjection}, so that its position is restored, deleted and rebuilt with its
 * rows and can never run ahead of them.
 */
public final class DynamoDbCheckpoints implements Checkpoints {
    static final String CONSUMER = "consumer";
    static final String CHECKPOINT = "checkpoint";
    static final String SAVED_AT = "savedAt";
    /** Starts the key of a checkpoint item in a read model's table, so that it is told apart from the rows. */
    public static final String KEY_PREFIX = "#checkpoint#";

    private final DynamoDbClient client;
    private final String table;
    private final String keyAttribute;
    private final String keyPrefix;
    private final String fix;

    /** In the checkpoint table of {@code tables} (key {@code consumer}). */
    public DynamoDbCheckpoints(DynamoDbClient client, TableNames tables) {
        this(client, tables.checkpointsTable(), CONSUMER, "", ReadFailures.CREATE_TABLES);
    }

    private DynamoDbCheckpoints(
            DynamoDbClient client, String table, String keyAttribute, String keyPrefix, String fix) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Identifiers.requireValid("table", table);
        this.keyAttribute = Identifiers.requireValid("keyAttribute", keyAttribute);
        this.keyPrefix = keyPrefix;
        this.fix = fix;
    }

    /**
     * In a read model's own table, whose partition key is the string attribute {@code keyAttribute} (and which has
     * no sort key): the checkpoint of consumer {@code c} is the item whose key is {@value #KEY_PREFIX}{@code c}. The
     * read model's queries must not read it as a row (a query on an index the item lacks never does).
     */
    public static DynamoDbCheckpoints inTable(DynamoDbClient client, String table, String keyAttribute) {
        return inTable(
                client,
                table,
                keyAttribute,
                "It is the read model's own table, which keeps this checkpoint beside "
                        + "its rows: create it as the read model's deployment does; the runner goes on by itself once it exists");
    }

    /** As above, with {@code fix} saying how the table is created, for the error when it is missing. */
    static DynamoDbCheckpoints inTable(DynamoDbClient client, String table, String keyAttribute, String fix) {
        return new DynamoDbCheckpoints(client, table, keyAttribute, KEY_PREFIX, fix);
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

    /**
     * Every checkpoint stored here, by consumer name: a consistent {@code Scan} of the checkpoint table (which holds a
     * checkpoint per consumer and, beside them, parked aggregates, which are not listed), or of the read model's table
     * for {@link #inTable} (a scan of every row: meant for an operator, not for a running service).
     */
    public List<Saved> saved() {
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
        List<Saved> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : client.scanPaginator(request).items()) {
            AttributeValue key = item.get(keyAttribute);
            AttributeValue checkpoint = item.get(CHECKPOINT);
            if (key == null || key.s() == null || !key.s().startsWith(keyPrefix) || checkpoint.s() == null) {
                continue;
            }
            found.add(new Saved(
                    key.s().substring(keyPrefix.length()),
                    new Checkpoint(checkpoint.s()),
                    savedAt(item.get(SAVED_AT))));
        }
        found.sort(Comparator.comparing(Saved::consumer));
        return found;
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

    /**
     * A consumer's stored checkpoint and when it was saved.
     *
     * @param savedAt empty for an item written without it (by hand, or by an older release)
     */
    public record Saved(String consumer, Checkpoint checkpoint, Optional<Instant> savedAt) {
        public Saved {
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(savedAt, "savedAt");
        }
    }
}
