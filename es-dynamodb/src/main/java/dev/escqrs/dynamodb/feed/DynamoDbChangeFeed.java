package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.error.FeedPositionLostException.Reason;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The change feed on the events table's DynamoDB stream, for consumers outside Lambda.
 *
 * <p>Each {@link #read} reads the stream's shards parents first (shard
 * lineage), asking for a fresh iterator {@code AFTER_SEQUENCE_NUMBER} of the checkpoint (or {@code TRIM_HORIZON} for a
 * shard not read yet) on every call. Iterators are never kept between calls: they expire after 15 minutes, and on
 * moto an old iterator chain can show a phantom record after a cancelled transaction and then miss later ones. A
 * child shard is read only after its parent is finished, so one aggregate's events stay in version order across a
 * split. The checkpoint is the last sequence number per shard (a closed shard read to its end is marked done).
 *
 * <p>The shard list ({@code DescribeStream}) is cached: it is read again when a shard was read to its end (its
 * children may be new), when a checkpoint names a shard the cache lacks, and at least every
 * {@value #SHARD_LIST_SECONDS} seconds (DynamoDB opens new shards about every four hours); the table's stream ARN is
 * read again with it ({@code DescribeTable}). An idle poll is one {@code GetShardIterator} and one {@code GetRecords}
 * per open shard.
 *
 * <p>A position that cannot be continued is a {@link FeedPositionLostException}, never a silent skip: a checkpoint of
 * another stream than the table's current one ({@link Reason#STREAM_REPLACED}: a restored table, a stream disabled and
 * enabled again), a sequence number older than the stream keeps ({@link Reason#TRIMMED}: 24 hours), and an iterator
 * that expired again right after a fresh one was asked for ({@link Reason#ITERATOR_EXPIRED}; a single expiry is
 * answered with a fresh iterator from the checkpoint, which loses nothing). A {@code ProjectionRunner} heals all three
 * by catching up from the event store.
 */
public final class DynamoDbChangeFeed implements ChangeFeed {
    /** The longest a cached shard list is used. */
    static final int SHARD_LIST_SECONDS = 60;

    private final DynamoDbStreamsClient streams;
    private final TableNames tables;
    private final SdkRecordsDecoder decoder;
    private final BadRecords badRecords;
    private final StreamShards shards;

    /** A feed that stops at a record that is not one of our events ({@link BadRecords#STOP}, the default). */
    public DynamoDbChangeFeed(
            DynamoDbClient client, DynamoDbStreamsClient streams, TableNames tables, JsonCodec codec) {
        this(client, streams, tables, codec, BadRecords.STOP);
    }

    /**
     * A feed that stops at, skips with a log line, or (under {@link BadRecords#PARK}) delivers for the projector to
     * park, a record that is not one of our events.
     */
    public DynamoDbChangeFeed(
            DynamoDbClient client,
            DynamoDbStreamsClient streams,
            TableNames tables,
            JsonCodec codec,
            BadRecords badRecords) {
        this.streams = streams;
        this.tables = tables;
        this.badRecords = badRecords;
        this.decoder = SdkRecordsDecoder.of(codec, tables, badRecords);
        this.shards = new StreamShards(client, streams, tables);
    }

    /** What it does with a record that holds no event of ours, or an event it cannot decode. */
    public BadRecords badRecords() {
        return badRecords;
    }

    @Override
    public FeedBatch read(Checkpoint after, int maxEvents) {
        Records records = records(after, maxEvents);
        DecodedBatch decoded = decoder.decodeBatch(records.records());
        return new FeedBatch(decoded.events(), records.checkpoint(), decoded.unreadable());
    }

    /** The Stream's records after {@code after}, undecoded, and the position after them: what the indexer reads. */
    record Records(List<Record> records, Checkpoint checkpoint) {}

    Records records(Checkpoint after, int maxEvents) {
        if (maxEvents < 1) {
            throw new InvalidInputException("maxEvents must be 1 or more, got " + maxEvents);
        }
        try {
            return readOrThrow(after, maxEvents);
        } catch (ResourceNotFoundException e) {
            throw e; // a stream or shard the Streams API does not know; a missing table is told by DescribeTable
        } catch (SdkException e) {
            // unreachable, throttled, a 5xx: the port's error, which a runner's backoff knows; a refusal stays itself
            throw ReadFailures.translate(tables.eventsTable(), () -> "the stream of " + tables.eventsTable(), e);
        }
    }

    private Records readOrThrow(Checkpoint after, int maxEvents) {
        String arn = shards.streamArn();
        Map<String, String> positions = ShardPositions.read(after, arn, tables.eventsTable());
        List<Shard> listed;
        try {
            listed = shards.shards(arn, positions);
        } catch (ResourceNotFoundException gone) {
            throw streamGone("the stream %s of %s is gone".formatted(arn, tables.eventsTable()), gone);
        }
        Set<String> known = new HashSet<>();
        listed.forEach(s -> known.add(s.shardId()));
        List<Record> records = new ArrayList<>();
        for (Shard shard : StreamShards.lineageOrder(listed)) {
            if (records.size() >= maxEvents) {
                break;
            }
            String parent = shard.parentShardId();
            if (parent != null && known.contains(parent) && !ShardPositions.DONE.equals(positions.get(parent))) {
                continue; // its parent still has records to hand out first
            }
            if (ShardPositions.DONE.equals(positions.get(shard.shardId()))) {
                continue;
            }
            readShard(arn, shard, positions, records, maxEvents);
        }
        return new Records(records, ShardPositions.write(arn, positions));
    }

    private void readShard(
            String arn, Shard shard, Map<String, String> positions, List<Record> records, int maxEvents) {
        String position = positions.get(shard.shardId());
        String iterator;
        try {
            iterator = freshIterator(arn, shard, position);
        } catch (ResourceNotFoundException gone) {
            throw streamGone("shard %s of stream %s is gone".formatted(shard.shardId(), arn), gone);
        }
        boolean refreshed = false;
        while (iterator != null && records.size() < maxEvents) {
            GetRecordsResponse response;
            try {
                String current = iterator;
                response = streams.getRecords(
                        b -> b.shardIterator(current).limit(Math.min(1000, maxEvents - records.size())));
            } catch (TrimmedDataAccessException e) {
                throw trimmed(arn, shard, positions.get(shard.shardId()), e);
            } catch (ExpiredIteratorException e) {
                if (refreshed) {
                    throw new FeedPositionLostException(
                            Reason.ITERATOR_EXPIRED,
                            ("shard %s of %s: a fresh iterator " + "after sequence number %s expired too")
                                    .formatted(shard.shardId(), arn, positions.get(shard.shardId())),
                            e);
                }
                refreshed = true;
                iterator = freshIterator(arn, shard, positions.get(shard.shardId()));
                continue;
            }
            for (Record record : response.records()) {
                records.add(record);
                positions.put(shard.shardId(), record.dynamodb().sequenceNumber());
            }
            if (response.nextShardIterator() == null) {
                positions.put(shard.shardId(), ShardPositions.DONE);
                shards.shardClosed();
                return;
            }
            if (response.records().isEmpty()) {
                return;
            }
            iterator = response.nextShardIterator();
        }
    }

    private String freshIterator(String arn, Shard shard, String position) {
        try {
            return streams.getShardIterator(b -> {
                        b.streamArn(arn).shardId(shard.shardId());
                        if (position == null) {
                            b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                        } else {
                            b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                    .sequenceNumber(position);
                        }
                    })
                    .shardIterator();
        } catch (TrimmedDataAccessException e) {
            throw trimmed(arn, shard, position, e);
        }
    }

    /** The stream is gone (the table replaced): the next read asks the table for its stream again. */
    private FeedPositionLostException streamGone(String what, ResourceNotFoundException cause) {
        shards.streamGone();
        return new FeedPositionLostException(Reason.STREAM_REPLACED, what, cause);
    }

    private static FeedPositionLostException trimmed(String arn, Shard shard, String position, Exception e) {
        return new FeedPositionLostException(
                Reason.TRIMMED,
                ("shard %s of %s no longer holds the records after "
                                + "sequence number %s (stream records live 24 hours)")
                        .formatted(shard.shardId(), arn, position),
                e);
    }

    /** The stream's {@linkplain #head() head}: the oldest record it holds (see {@link ChangeFeed#head()}). */
    @Override
    public Checkpoint head() {
        return Checkpoint.START;
    }
}
