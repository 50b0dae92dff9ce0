package dev.escqrs.dynamodb;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.AttributeValues;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.IndexChunks;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Creates escqrs's tables (on-demand billing), idempotently, and waits until they are active: the events table with
 * a {@code NEW_IMAGE} stream (and the by-name index when the names ask for it), one aggregate table per aggregate type, and the
 * checkpoint table of feed subscriptions, keyed in the names' {@link ItemLayout}. A table that exists with another key
 * schema (another layout) is an error, not silently used.
 * docs/dynamodb.md has the same schema as CloudFormation.
 *
 * <pre>{@code
 * new DynamoDbTables(client, TableNames.withPrefix("blog-")).createTables(List.of("BlogPost"));
 * }</pre>
 */
public final class DynamoDbTables {
    private final DynamoDbClient client;
    private final TableNames names;

    public DynamoDbTables(DynamoDbClient client, TableNames names) {
        this.client = client;
        this.names = names;
    }

    /** Creates whatever of the tables is missing and waits until all are active. */
    public void createTables(List<String> aggregateNames) {
        AggregateItems rows = AggregateItems.of(names.layout());
        List<String> created = new ArrayList<>();
        create(eventsTable(), created);
        for (String aggregateName : aggregateNames) {
            create(
                    CreateTableRequest.builder()
                            .tableName(names.aggregateTable(aggregateName))
                            .attributeDefinitions(attribute(rows.id(), ScalarAttributeType.S))
                            .keySchema(key(rows.id(), KeyType.HASH))
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .build(),
                    created);
        }
        create(keyedByConsumer(names.checkpointsTable()), created);
        awaitActive(created);
    }

    /**
     * Creates the change-feed index table ({@link TableNames#indexTable()}) if it is missing, and waits until it is
     * active: key {@code p} (string, the epoch) and {@code n} (number, the chunk), no stream, on demand.
     */
    public void createIndexTable() {
        List<String> created = new ArrayList<>();
        create(
                CreateTableRequest.builder()
                        .tableName(names.indexTable())
                        .attributeDefinitions(
                                attribute(IndexChunks.EPOCH, ScalarAttributeType.S),
                                attribute(IndexChunks.CHUNK, ScalarAttributeType.N))
                        .keySchema(key(IndexChunks.EPOCH, KeyType.HASH), key(IndexChunks.CHUNK, KeyType.RANGE))
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .build(),
                created);
        awaitActive(created);
    }

    /**
     * Creates the snapshots table ({@link TableNames#snapshotsTable()}) if it is missing, and waits until it is
     * active: key {@code consumer} (string), on demand, no stream.
     */
    public void createSnapshotsTable() {
        List<String> created = new ArrayList<>();
        create(keyedByConsumer(names.snapshotsTable()), created);
        awaitActive(created);
    }

    /** What to do when the keys table is missing. */
    static final String CREATE_KEYS_TABLE = "Create the data keys table with DynamoDbTables.createKeysTable(), or "
            + "deploy it as the example's deploy/template.yaml does (KeysTable)";

    /**
     * Creates the data keys table ({@link TableNames#keysTable()}) if it is missing, and waits until it is active: key
     * {@code subject} (string), on demand, no stream. Turn on point-in-time recovery only knowing that a restore brings
     * forgotten subjects' keys back (docs/privacy.md).
     */
    public void createKeysTable() {
        List<String> created = new ArrayList<>();
        create(
                CreateTableRequest.builder()
                        .tableName(names.keysTable())
                        .attributeDefinitions(attribute(DynamoDbDataKeys.SUBJECT, ScalarAttributeType.S))
                        .keySchema(key(DynamoDbDataKeys.SUBJECT, KeyType.HASH))
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .build(),
                created);
        awaitActive(created);
    }

    /** A table keyed by the string attribute {@code consumer}, on demand: the checkpoints', the snapshots'. */
    private static CreateTableRequest keyedByConsumer(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .attributeDefinitions(attribute(DynamoDbCheckpoints.CONSUMER, ScalarAttributeType.S))
                .keySchema(key(DynamoDbCheckpoints.CONSUMER, KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }

    /**
     * The item {@code event} is stored as in {@code layout}, without the by-name index's key: for tools that size
     * events or write one by hand (a repair, a test of one). Encode the event with the aggregate's codec first.
     */
    public static Map<String, AttributeValue> eventItem(ItemLayout layout, EncodedEvent event) {
        return EventItems.of(layout).toItem(event);
    }

    /**
     * The size of an item as DynamoDB counts it against its 400 KB limit and bills it (1 WCU per KB written, 1 RCU
     * per 4 KB read consistently): attribute names and values in UTF-8 bytes, numbers about one byte per two digits
     * plus one, three bytes of overhead per map or list and one per element. Errs on the large side.
     */
    public static long itemSize(Map<String, AttributeValue> item) {
        return AttributeValues.itemSize(item);
    }

    private void awaitActive(List<String> tables) {
        for (String table : tables) {
            client.waiter().waitUntilTableExists(b -> b.tableName(table));
        }
    }

    /**
     * Deletes the events table, the rows of {@code aggregateNames}, the checkpoints, the index, the snapshots and the
     * data keys, those that exist: for test
     * fixtures and throw-away environments. The events are gone with it; never point this at data you keep.
     */
    public void deleteTables(List<String> aggregateNames) {
        List<String> tables = new ArrayList<>();
        tables.add(names.eventsTable());
        aggregateNames.forEach(name -> tables.add(names.aggregateTable(name)));
        tables.add(names.checkpointsTable());
        tables.add(names.indexTable());
        tables.add(names.snapshotsTable());
        tables.add(names.keysTable());
        for (String table : tables) {
            try {
                client.deleteTable(b -> b.tableName(table));
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException absent) {
                // nothing to delete
            }
        }
    }

    private CreateTableRequest eventsTable() {
        EventItems events = EventItems.of(names.layout());
        CreateTableRequest.Builder table = CreateTableRequest.builder()
                .tableName(names.eventsTable())
                .keySchema(key(events.streamId(), KeyType.HASH), key(events.version(), KeyType.RANGE))
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_IMAGE)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (!names.hasEventsByName()) {
            return table.attributeDefinitions(
                            attribute(events.streamId(), ScalarAttributeType.S),
                            attribute(events.version(), ScalarAttributeType.N))
                    .build();
        }
        // keys only: a listing reads the keys here and the events from the table (BatchGetItem), so the index holds
        // no second copy of any payload
        return table.attributeDefinitions(
                        attribute(events.streamId(), ScalarAttributeType.S),
                        attribute(events.version(), ScalarAttributeType.N),
                        attribute(events.byName(), ScalarAttributeType.S),
                        attribute(events.eventId(), ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(events.byNameIndex())
                        .keySchema(key(events.byName(), KeyType.HASH), key(events.eventId(), KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.KEYS_ONLY)
                                .build())
                        .build())
                .build();
    }

    private void create(CreateTableRequest request, List<String> created) {
        try {
            client.createTable(request);
            created.add(request.tableName());
        } catch (ResourceInUseException exists) {
            TableDescription table =
                    client.describeTable(b -> b.tableName(request.tableName())).table();
            if (!table.keySchema().equals(request.keySchema())) {
                throw new IllegalStateException(("table %s exists with key schema %s, but the %s layout of these "
                                + "TableNames needs %s; tables created before the compact layout are used with "
                                + "TableNames.withLayout(ItemLayout.DESCRIPTIVE)")
                        .formatted(request.tableName(), table.keySchema(), names.layout(), request.keySchema()));
            }
            for (GlobalSecondaryIndex index : request.globalSecondaryIndexes()) {
                boolean present = table.hasGlobalSecondaryIndexes()
                        && table.globalSecondaryIndexes().stream()
                                .anyMatch(i -> i.indexName().equals(index.indexName())
                                        && i.keySchema().equals(index.keySchema()));
                if (!present) {
                    throw new IllegalStateException(("table %s exists without the index %s (key %s) that these "
                                    + "TableNames ask for; add it with UpdateTable, or use TableNames without withEventsByName")
                            .formatted(request.tableName(), index.indexName(), index.keySchema()));
                }
            }
            created.add(request.tableName());
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
