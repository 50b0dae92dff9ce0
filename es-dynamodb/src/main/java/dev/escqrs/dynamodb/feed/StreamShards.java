package dev.escqrs.dynamodb.feed;

import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Shard discovery for {@link DynamoDbChangeFeed}: the events table's stream ARN ({@code DescribeTable}) and its shards
 * ({@code DescribeStream}, every page), both cached for at most {@link DynamoDbChangeFeed#SHARD_LIST_SECONDS} seconds;
 * the shard list is read again sooner when a shard closed or a checkpoint names a shard it lacks.
 */
final class StreamShards {
    private static final long MAX_AGE_NANOS = DynamoDbChangeFeed.SHARD_LIST_SECONDS * 1_000_000_000L;

    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;
    private final TableNames tables;
    private volatile String streamArn;
    private volatile long streamArnReadAtNanos;
    private volatile List<Shard> cachedShards;
    private volatile long shardsReadAtNanos;

    StreamShards(DynamoDbClient client, DynamoDbStreamsClient streams, TableNames tables) {
        this.client = client;
        this.streams = streams;
        this.tables = tables;
    }

    String streamArn() {
        String arn = streamArn;
        if (arn == null || System.nanoTime() - streamArnReadAtNanos > MAX_AGE_NANOS) {
            arn = ReadFailures.guard(
                            tables.eventsTable(),
                            () -> "the description of " + tables.eventsTable(),
                            () -> client.describeTable(b -> b.tableName(tables.eventsTable())))
                    .table()
                    .latestStreamArn();
            if (arn == null) {
                throw new IllegalStateException("the events table %s has no stream; enable a NEW_IMAGE stream "
                        + "(DynamoDbTables.createTables does)".formatted(tables.eventsTable()));
            }
            if (!arn.equals(streamArn)) {
                cachedShards = null;
            }
            streamArn = arn;
            streamArnReadAtNanos = System.nanoTime();
        }
        return arn;
    }

    /** The stream is gone (the table replaced): the next read asks the table for its stream again. */
    void streamGone() {
        streamArn = null;
    }

    /** A shard closed: its children are to be listed. */
    void shardClosed() {
        cachedShards = null;
    }

    /** The shards of stream {@code arn}, the cached list while it is young and knows every open shard of {@code positions}. */
    List<Shard> shards(String arn, Map<String, String> positions) {
        List<Shard> cached = cachedShards;
        if (cached != null && System.nanoTime() - shardsReadAtNanos < MAX_AGE_NANOS) {
            Set<String> ids = new HashSet<>();
            cached.forEach(s -> ids.add(s.shardId()));
            boolean knowsEveryOpenShard = positions.entrySet().stream()
                    .allMatch(p -> ShardPositions.DONE.equals(p.getValue()) || ids.contains(p.getKey()));
            if (knowsEveryOpenShard) {
                return cached;
            }
        }
        List<Shard> shards = describeShards(arn);
        cachedShards = shards;
        shardsReadAtNanos = System.nanoTime();
        return shards;
    }

    private List<Shard> describeShards(String arn) {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            StreamDescription description = streams.describeStream(
                            b -> b.streamArn(arn).exclusiveStartShardId(from))
                    .streamDescription();
            shards.addAll(description.shards());
            start = description.lastEvaluatedShardId();
        } while (start != null);
        return shards;
    }

    /** Parents before their children; otherwise in the order DynamoDB lists them. */
    static List<Shard> lineageOrder(List<Shard> shards) {
        Map<String, Shard> byId = new LinkedHashMap<>();
        shards.forEach(s -> byId.put(s.shardId(), s));
        List<Shard> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Shard shard : shards) {
            place(shard, byId, placed, ordered);
        }
        return ordered;
    }

    private static void place(Shard shard, Map<String, Shard> byId, Set<String> placed, List<Shard> ordered) {
        if (placed.contains(shard.shardId())) {
            return;
        }
        Shard parent = shard.parentShardId() == null ? null : byId.get(shard.parentShardId());
        if (parent != null) {
            place(parent, byId, placed, ordered);
        }
        placed.add(shard.shardId());
        ordered.add(shard);
    }
}
