package dev.escqrs.dynamodb;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.port.Snapshots;
import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Snapshots of read models in memory in the snapshots table ({@link TableNames#snapshotsTable()}, created by
 * {@link DynamoDbTables#createSnapshotsTable()}). A snapshot is written as
 * parts of at most {@value #PART_BYTES} bytes ({@code #snapshot#NAME#GENERATION#N}, under DynamoDB's 400 KB item
 * limit), then one item names the generation ({@code #snapshot#NAME}): a load reads that generation's parts, so it
 * sees the old snapshot or the new one, never a mix; the previous generation's parts are deleted after the switch.
 * Each part is billed by its size (1 WCU per KB written): keep snapshots small, or their interval long.
 */
public final class DynamoDbSnapshots implements Snapshots {
    /** The most bytes of state one item holds. */
    public static final int PART_BYTES = 350_000;

    private static final String PREFIX = "#snapshot#";
    private static final String GENERATION = "generation";
    private static final String PARTS = "parts";
    private static final String POSITION = "position";
    private static final String TAKEN = "takenAt";
    private static final String DATA = "data";

    private final DynamoDbClient client;
    private final String table;

    /** In the snapshots table of {@code tables}. */
    public DynamoDbSnapshots(DynamoDbClient client, TableNames tables) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = tables.snapshotsTable();
    }

    @Override
    public Optional<Snapshot> load(String name) {
        Map<String, AttributeValue> head = get(headKey(name));
        if (head == null) {
            return Optional.empty();
        }
        String generation = head.get(GENERATION).s();
        int parts = Integer.parseInt(head.get(PARTS).n());
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        for (int part = 0; part < parts; part++) {
            Map<String, AttributeValue> item = get(partKey(name, generation, part));
            if (item == null) {
                throw new IllegalStateException("snapshot %s, generation %s, lacks part %d of %d: deleted by hand"
                        .formatted(name, generation, part, parts));
            }
            state.writeBytes(item.get(DATA).b().asByteArray());
        }
        return Optional.of(new Snapshot(
                new Checkpoint(head.get(POSITION).s()),
                state.toByteArray(),
                Instant.ofEpochMilli(Long.parseLong(head.get(TAKEN).n()))));
    }

    @Override
    public void save(String name, Snapshot snapshot) {
        Map<String, AttributeValue> before = get(headKey(name));
        String generation = UlidCreator.getMonotonicUlid().toString();
        byte[] state = snapshot.state();
        int parts = Math.max(1, (state.length + PART_BYTES - 1) / PART_BYTES);
        for (int part = 0; part < parts; part++) {
            byte[] bytes =
                    Arrays.copyOfRange(state, part * PART_BYTES, Math.min(state.length, (part + 1) * PART_BYTES));
            put(Map.of(
                    DynamoDbCheckpoints.CONSUMER,
                    partKey(name, generation, part),
                    DATA,
                    AttributeValue.fromB(SdkBytes.fromByteArray(bytes))));
        }
        put(Map.of(
                DynamoDbCheckpoints.CONSUMER,
                headKey(name),
                GENERATION,
                AttributeValue.fromS(generation),
                PARTS,
                AttributeValue.fromN(Integer.toString(parts)),
                POSITION,
                AttributeValue.fromS(snapshot.position().value()),
                TAKEN,
                AttributeValue.fromN(Long.toString(snapshot.takenAt().toEpochMilli()))));
        if (before != null) {
            deleteParts(name, before);
        }
    }

    @Override
    public void delete(String name) {
        Map<String, AttributeValue> head = get(headKey(name));
        if (head != null) {
            ReadFailures.guard(
                    table,
                    () -> "the snapshot " + name,
                    () -> client.deleteItem(
                            b -> b.tableName(table).key(Map.of(DynamoDbCheckpoints.CONSUMER, headKey(name)))));
            deleteParts(name, head);
        }
    }

    private void deleteParts(String name, Map<String, AttributeValue> head) {
        String generation = head.get(GENERATION).s();
        int parts = Integer.parseInt(head.get(PARTS).n());
        for (int part = 0; part < parts; part++) {
            AttributeValue key = partKey(name, generation, part);
            ReadFailures.guard(
                    table,
                    () -> "a part of the snapshot " + name,
                    () -> client.deleteItem(b -> b.tableName(table).key(Map.of(DynamoDbCheckpoints.CONSUMER, key))));
        }
    }

    private Map<String, AttributeValue> get(AttributeValue key) {
        Map<String, AttributeValue> item = ReadFailures.guard(
                        table,
                        () -> "a snapshot item of " + table,
                        () -> client.getItem(b ->
                                b.tableName(table).consistentRead(true).key(Map.of(DynamoDbCheckpoints.CONSUMER, key))))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }

    private void put(Map<String, AttributeValue> item) {
        ReadFailures.guard(
                table,
                () -> "a snapshot item of " + table,
                () -> client.putItem(b -> b.tableName(table).item(item)));
    }

    private static AttributeValue headKey(String name) {
        return AttributeValue.fromS(PREFIX + Identifiers.requireValid("snapshot name", name));
    }

    private static AttributeValue partKey(String name, String generation, int part) {
        return AttributeValue.fromS(PREFIX + name + "#" + generation + "#" + part);
    }
}
