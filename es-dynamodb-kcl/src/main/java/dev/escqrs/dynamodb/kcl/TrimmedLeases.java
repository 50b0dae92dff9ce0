package dev.escqrs.dynamodb.kcl;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.Projector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What a lease whose checkpoint the stream no longer holds needs. The DynamoDB Streams Kinesis Adapter answers a
 * trimmed checkpoint (older than the stream's 24 hours) by starting the shard again at its trim horizon
 * ({@code SkipRecordsBehavior.SKIP_RECORDS_TO_TRIM_HORIZON}, its default), with a log line only: the records between
 * the checkpoint and the horizon would be lost for the worker. So before a shard's first batch, its checkpoint is
 * tried once ({@code GetShardIterator AFTER_SEQUENCE_NUMBER}); when it is trimmed, the worker catches up from the
 * event store first, which holds every event the skip passes over: a projection applies the store's events
 * ({@link #catchUp}; repeats are skipped by version), the indexer indexes what the index lacks.
 */
final class TrimmedLeases {
    private static final int PAGE = 200;

    private final DynamoDbStreamsClient streams;

    TrimmedLeases(DynamoDbStreamsClient streams) {
        this.streams = streams;
    }

    /** Whether the stream no longer holds the records after {@code sequenceNumber} in this shard: one request. */
    boolean isTrimmed(String streamArn, String shardId, String sequenceNumber) {
        try {
            streams.getShardIterator(b -> b.streamArn(streamArn)
                    .shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(sequenceNumber));
            return false;
        } catch (TrimmedDataAccessException trimmed) {
            return true;
        }
    }

    /** Applies every event of the store to the projection (repeats skipped); returns how many were applied. */
    static long catchUp(Projection projection, List<AggregateType<?, ?>> types, EventStore store) {
        Projector projector = new Projector(projection, store, types);
        try (Stream<AggregateEvent<Object>> events = store.allEvents(projector.aggregateNames(), 0, 1)) {
            Iterator<AggregateEvent<Object>> it = events.iterator();
            List<AggregateEvent<Object>> page = new ArrayList<>(PAGE);
            while (it.hasNext()) {
                page.add(it.next());
                if (page.size() == PAGE) {
                    projector.apply(page);
                    page.clear();
                }
            }
            projector.apply(page);
        }
        return projector.counts().applied();
    }
}
