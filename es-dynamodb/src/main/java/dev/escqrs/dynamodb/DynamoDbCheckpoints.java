package dev.escqrs.dynamodb;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.dynamodb.internal.CheckpointTable;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
    static final String CONSUMER = CheckpointTable.CONSUMER;
    /** Starts the key of a checkpoint item in a read model's table, so that it is told apart from the rows. */
    public static final String KEY_PREFIX = "#checkpoint#";

    private final CheckpointTable table;

    /** In the checkpoint table of {@code tables} (key {@code consumer}). */
    public DynamoDbCheckpoints(DynamoDbClient client, TableNames tables) {
        this(CheckpointTable.of(client, tables));
    }

    private DynamoDbCheckpoints(CheckpointTable table) {
        this.table = table;
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
        return new DynamoDbCheckpoints(new CheckpointTable(client, table, keyAttribute, KEY_PREFIX, fix));
    }

    @Override
    public Optional<Checkpoint> load(String consumer) {
        return table.load(consumer);
    }

    @Override
    public void save(String consumer, Checkpoint checkpoint) {
        table.save(consumer, checkpoint);
    }

    @Override
    public void delete(String consumer) {
        table.delete(consumer);
    }

    /**
     * Every checkpoint stored here, by consumer name: a consistent {@code Scan} of the checkpoint table (which holds a
     * checkpoint per consumer and, beside them, parked aggregates, which are not listed), or of the read model's table
     * for {@link #inTable} (a scan of every row: meant for an operator, not for a running service).
     */
    public List<Saved> saved() {
        return table.saved(Saved::new);
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
