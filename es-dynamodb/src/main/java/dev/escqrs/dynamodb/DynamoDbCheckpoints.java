package dev.escqrs.dynamodb;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Change feed checkpoints of named consumers, in the checkpoint table: one item per consumer holding its position
 * in every shard. Written only after the consumer's handler succeeded.
 */
public final class DynamoDbCheckpoints implements Checkpoints {
    static final String CONSUMER = "consumer";
    static final String CHECKPOINT = "checkpoint";
    static final String SAVED_AT = "savedAt";

    private final DynamoDbClient client;
    private final String table;

    public DynamoDbCheckpoints(DynamoDbClient client, TableNames tables) {
        this.client = client;
        this.table = tables.checkpointsTable();
    }

    @Override
    public Optional<Checkpoint> load(String consumer) {
        GetItemResponse response = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(CONSUMER, AttributeValue.fromS(consumer))));
        if (!response.hasItem() || !response.item().containsKey(CHECKPOINT)) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(response.item().get(CHECKPOINT).s()));
    }

    @Override
    public void save(String consumer, Checkpoint checkpoint) {
        client.putItem(b -> b.tableName(table).item(Map.of(
                CONSUMER, AttributeValue.fromS(consumer),
                CHECKPOINT, AttributeValue.fromS(checkpoint.value()),
                SAVED_AT, AttributeValue.fromS(Instant.now().toString()))));
    }

    @Override
    public void delete(String consumer) {
        client.deleteItem(b -> b.tableName(table).key(Map.of(CONSUMER, AttributeValue.fromS(consumer))));
    }
}
