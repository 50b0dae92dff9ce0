package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.dynamodb.table.IndexEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The items of the change-feed index table. The index is a log of chunks: epoch {@code p} (a string, ten digits), chunk
 * {@code n} (1 to {@link #CHUNKS_PER_EPOCH}) within it, each chunk a list of entries {@code e} written at once, with
 * when ({@code t}, epoch milliseconds). An epoch is one partition of the table, so no partition grows without bound;
 * when one holds its last chunk the next chunk is chunk 1 of the next epoch. The item {@code p = "tail"}, {@code n = 0}
 * names the newest epoch ({@code ep}). A chunk is written once, conditionally, and never changed: a position (epoch,
 * chunk) means the same entries for ever.
 */
public final class IndexChunks {
    public static final String EPOCH = "p";
    public static final String CHUNK = "n";
    public static final String ENTRIES = "e";
    public static final String WRITTEN = "t";
    private static final String TAIL = "tail";
    private static final String TAIL_EPOCH = "ep";
    /** Chunks per epoch, one partition's worth: at most about 3 GB of entries. */
    public static final int CHUNKS_PER_EPOCH = 10_000;
    /** The most a chunk's entries take, under DynamoDB's 400 KB item limit with room for the keys. */
    public static final int MAX_CHUNK_BYTES = 300_000;

    private static final char SEPARATOR = '\u001F'; // identifiers hold no control character
    private static final String PREFIX = "index:";

    private IndexChunks() {}

    /** A position in the index: after chunk {@code chunk} of epoch {@code epoch} (chunk 0: before the epoch's first). */
    public record Position(long epoch, int chunk) {
        public static final Position START = new Position(1, 0);

        /** The position after the next chunk, rolling over to the next epoch after its last. */
        public Position next() {
            return chunk >= CHUNKS_PER_EPOCH ? new Position(epoch + 1, 1) : new Position(epoch, chunk + 1);
        }

        /** Where reading goes on: the next epoch's start once this epoch is read to its end. */
        public Position readFrom() {
            return chunk >= CHUNKS_PER_EPOCH ? new Position(epoch + 1, 0) : this;
        }

        public Checkpoint checkpoint() {
            return new Checkpoint(PREFIX + epoch + ":" + chunk);
        }

        public static Position of(Checkpoint checkpoint) {
            if (checkpoint.isStart()) {
                return START;
            }
            String value = checkpoint.value();
            int colon = value.lastIndexOf(':');
            if (!value.startsWith(PREFIX) || colon <= PREFIX.length()) {
                throw new IllegalArgumentException(("checkpoint '%s' is no position in the change-feed index (index:"
                                + "EPOCH:CHUNK); a checkpoint of the DynamoDB Stream feed does not carry over: reset the "
                                + "consumer's checkpoint to read the index from the start")
                        .formatted(value));
            }
            try {
                return new Position(
                        Long.parseLong(value.substring(PREFIX.length(), colon)),
                        Integer.parseInt(value.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "checkpoint '%s' is no position in the change-feed index".formatted(value), e);
            }
        }
    }

    /** A chunk as read: where it is, when it was written, its entries. */
    public record Chunk(Position position, Instant written, List<IndexEntry> entries) {}

    public static String epochKey(long epoch) {
        return "%010d".formatted(epoch);
    }

    public static String encode(IndexEntry entry) {
        return entry.aggregateName()
                + SEPARATOR
                + entry.aggregateId()
                + SEPARATOR
                + entry.version()
                + SEPARATOR
                + entry.eventName()
                + SEPARATOR
                + entry.eventId();
    }

    public static IndexEntry decode(String encoded, String where) {
        String[] parts = encoded.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 5) {
            throw new SerializationException(
                    "%s: index entry '%s' has %d parts, not 5".formatted(where, encoded, parts.length));
        }
        try {
            return new IndexEntry(parts[0], parts[1], Long.parseLong(parts[2]), parts[3], parts[4]);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("%s: index entry '%s': %s".formatted(where, encoded, e.getMessage()), e);
        }
    }

    /** The bytes an entry adds to its chunk: its UTF-8 length and a list element's overhead. */
    public static int size(IndexEntry entry) {
        return 1 + (int) dev.escqrs.core.internal.runtime.ItemSizes.utf8(encode(entry));
    }

    public static Map<String, AttributeValue> item(Position position, List<IndexEntry> entries, Instant written) {
        return Map.of(
                EPOCH,
                AttributeValue.fromS(epochKey(position.epoch())),
                CHUNK,
                AttributeValue.fromN(Integer.toString(position.chunk())),
                ENTRIES,
                AttributeValue.fromL(entries.stream()
                        .map(e -> AttributeValue.fromS(encode(e)))
                        .toList()),
                WRITTEN,
                AttributeValue.fromN(Long.toString(written.toEpochMilli())));
    }

    /** The chunks of {@code after}'s epoch after it, in order, at most {@code limit}, read consistently. */
    public static List<Chunk> after(DynamoDbClient client, String table, Position after, int limit) {
        return read(client, table, after.epoch(), "#n > :n", after.chunk(), true, limit);
    }

    /** The newest chunks of {@code epoch}, newest first, at most {@code limit}, read consistently. */
    public static List<Chunk> newest(DynamoDbClient client, String table, long epoch, int limit) {
        return read(client, table, epoch, "#n > :n", 0, false, limit);
    }

    /** The chunks of {@code before}'s epoch before it, newest first, at most {@code limit}, read consistently. */
    public static List<Chunk> before(DynamoDbClient client, String table, Position before, int limit) {
        return read(client, table, before.epoch(), "#n < :n", before.chunk(), false, limit);
    }

    private static List<Chunk> read(
            DynamoDbClient client, String table, long epoch, String condition, int chunk, boolean forward, int limit) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#p = :p AND " + condition)
                .expressionAttributeNames(Map.of("#p", EPOCH, "#n", CHUNK))
                .expressionAttributeValues(Map.of(
                        ":p",
                        AttributeValue.fromS(epochKey(epoch)),
                        ":n",
                        AttributeValue.fromN(Integer.toString(chunk))))
                .scanIndexForward(forward)
                .limit(limit)
                .build();
        List<Chunk> chunks = new ArrayList<>();
        for (Map<String, AttributeValue> item : ReadFailures.guard(
                        table, () -> "the index " + table, () -> client.query(query))
                .items()) {
            chunks.add(chunk(item, epoch, table));
        }
        return chunks;
    }

    private static Chunk chunk(Map<String, AttributeValue> item, long epoch, String table) {
        int n = Integer.parseInt(item.get(CHUNK).n());
        String where = "chunk %d of epoch %d of %s".formatted(n, epoch, table);
        List<IndexEntry> entries = new ArrayList<>();
        for (AttributeValue value :
                item.getOrDefault(ENTRIES, AttributeValue.fromL(List.of())).l()) {
            entries.add(decode(value.s(), where));
        }
        AttributeValue written = item.get(WRITTEN);
        return new Chunk(
                new Position(epoch, n),
                written == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(written.n())),
                entries);
    }

    /** The newest epoch the tail item names; 1 when there is none yet. */
    public static long tailEpoch(DynamoDbClient client, String table) {
        Map<String, AttributeValue> item = ReadFailures.guard(
                        table,
                        () -> "the tail of the index " + table,
                        () -> client.getItem(
                                b -> b.tableName(table).consistentRead(true).key(tailKey())))
                .item();
        return item == null || !item.containsKey(TAIL_EPOCH)
                ? 1
                : Long.parseLong(item.get(TAIL_EPOCH).n());
    }

    /** Names {@code epoch} the newest, unless a newer one is named already. */
    public static void advanceTail(DynamoDbClient client, String table, long epoch) {
        try {
            client.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            EPOCH,
                            AttributeValue.fromS(TAIL),
                            CHUNK,
                            AttributeValue.fromN("0"),
                            TAIL_EPOCH,
                            AttributeValue.fromN(Long.toString(epoch))))
                    .conditionExpression("attribute_not_exists(#ep) OR #ep < :ep")
                    .expressionAttributeNames(Map.of("#ep", TAIL_EPOCH))
                    .expressionAttributeValues(Map.of(":ep", AttributeValue.fromN(Long.toString(epoch)))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException newer) {
            // another writer named a newer epoch already
        }
    }

    private static Map<String, AttributeValue> tailKey() {
        return Map.of(EPOCH, AttributeValue.fromS(TAIL), CHUNK, AttributeValue.fromN("0"));
    }

    /** The last chunk written, or the start when the index is empty. */
    public static Position tail(DynamoDbClient client, String table) {
        long epoch = tailEpoch(client, table);
        while (true) {
            // the tail item may lag behind a new epoch whose writer stopped before naming it
            List<Chunk> next = after(client, table, new Position(epoch + 1, 0), 1);
            if (next.isEmpty()) {
                break;
            }
            epoch++;
        }
        List<Chunk> newest = newest(client, table, epoch, 1);
        return newest.isEmpty()
                ? (epoch == 1 ? Position.START : new Position(epoch - 1, CHUNKS_PER_EPOCH))
                : newest.getFirst().position();
    }

    /** A chunk read by key, if it exists. */
    public static Optional<Chunk> get(DynamoDbClient client, String table, Position position) {
        List<Chunk> one = read(client, table, position.epoch(), "#n = :n", position.chunk(), true, 1);
        return one.stream().findFirst();
    }
}
