package dev.escqrs.dynamodb.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.error.FeedPositionLostException.Reason;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.internal.DynamoDbJson;
import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The change feed on the events table's DynamoDB stream, for consumers outside Lambda.
 *
 * <p>Each {@link #read} lists the stream's shards (all of them, paginated) and reads them parents first (shard
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
    private static final String DONE = "done";
    /** The longest a cached shard list is used. */
    static final int SHARD_LIST_SECONDS = 60;

    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;
    private final TableNames tables;
    private final SdkRecordsDecoder decoder;
    private final BadRecords badRecords;
    private final ObjectMapper mapper;
    private volatile String streamArn;
    private volatile long streamArnReadAtNanos;
    private volatile List<Shard> cachedShards;
    private volatile long shardsReadAtNanos;

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
        this.client = client;
        this.streams = streams;
        this.tables = tables;
        this.badRecords = badRecords;
        this.decoder = SdkRecordsDecoder.of(codec, tables, badRecords);
        this.mapper = DynamoDbJson.PLAIN;
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
        String arn = streamArn();
        Map<String, String> positions = positions(after, arn);
        List<Shard> shards;
        try {
            shards = shards(arn, positions);
        } catch (ResourceNotFoundException gone) {
            throw streamGone("the stream %s of %s is gone".formatted(arn, tables.eventsTable()), gone);
        }
        Set<String> known = new HashSet<>();
        shards.forEach(s -> known.add(s.shardId()));
        List<Record> records = new ArrayList<>();
        for (Shard shard : lineageOrder(shards)) {
            if (records.size() >= maxEvents) {
                break;
            }
            String parent = shard.parentShardId();
            if (parent != null && known.contains(parent) && !DONE.equals(positions.get(parent))) {
                continue; // its parent still has records to hand out first
            }
            if (DONE.equals(positions.get(shard.shardId()))) {
                continue;
            }
            readShard(arn, shard, positions, records, maxEvents);
        }
        return new Records(records, new Checkpoint(write(arn, positions)));
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
                positions.put(shard.shardId(), DONE);
                cachedShards = null; // the shard closed: its children are to be listed
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
        streamArn = null;
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

    private String streamArn() {
        String arn = streamArn;
        if (arn == null || System.nanoTime() - streamArnReadAtNanos > SHARD_LIST_SECONDS * 1_000_000_000L) {
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

    /** The stream's {@linkplain #head() head}: the oldest record it holds (see {@link ChangeFeed#head()}). */
    @Override
    public Checkpoint head() {
        return Checkpoint.START;
    }

    private List<Shard> shards(String arn, Map<String, String> positions) {
        List<Shard> cached = cachedShards;
        if (cached != null && System.nanoTime() - shardsReadAtNanos < SHARD_LIST_SECONDS * 1_000_000_000L) {
            Set<String> ids = new HashSet<>();
            cached.forEach(s -> ids.add(s.shardId()));
            boolean knowsEveryOpenShard =
                    positions.entrySet().stream().allMatch(p -> DONE.equals(p.getValue()) || ids.contains(p.getKey()));
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
    private static List<Shard> lineageOrder(List<Shard> shards) {
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

    private Map<String, String> positions(Checkpoint checkpoint, String arn) {
        Map<String, String> positions = new LinkedHashMap<>();
        if (checkpoint.isStart()) {
            return positions;
        }
        try {
            JsonNode json = mapper.readTree(checkpoint.value());
            if (!json.has("stream")) {
                throw new InvalidInputException(
                        "'%s' is not a checkpoint of the DynamoDB change feed".formatted(checkpoint.value()));
            }
            if (!arn.equals(json.path("stream").asText())) {
                throw new FeedPositionLostException(
                        Reason.STREAM_REPLACED,
                        ("the checkpoint is for stream %s, but the "
                                        + "events table %s now has stream %s (restored, or its stream enabled again)")
                                .formatted(json.path("stream").asText(), tables.eventsTable(), arn));
            }
            json.path("shards")
                    .properties()
                    .forEach(e -> positions.put(e.getKey(), e.getValue().asText()));
            return positions;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "'%s' is not a checkpoint of the DynamoDB change feed".formatted(checkpoint.value()));
        }
    }

    private String write(String arn, Map<String, String> positions) {
        ObjectNode json = mapper.createObjectNode().put("stream", arn);
        ObjectNode shards = json.putObject("shards");
        positions.forEach(shards::put);
        return json.toString();
    }
}
