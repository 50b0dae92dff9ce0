package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.FeedDecoder;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.internal.StreamRecords;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Decodes records read from the events table's stream with the SDK ({@code GetRecords}) into envelopes: INSERTs
 * only, ordered by ({@code streamId}, {@code aggregateVersion}). A record that is not one of our events is an error
 * naming its eventID and sequence number, or, with {@link BadRecords#SKIP}, a log line and a count.
 */
public final class SdkRecordsDecoder implements FeedDecoder<List<Record>> {
    private final StreamRecords records;

    private SdkRecordsDecoder(StreamRecords records) {
        this.records = records;
    }

    /** A decoder that stops at a record that is not one of our events ({@link BadRecords#STOP}, the default). */
    public static SdkRecordsDecoder of(JsonCodec codec, TableNames tables) {
        return of(codec, tables, BadRecords.STOP);
    }

    /** A decoder that stops at, or skips with a log line and a count, a record that is not one of our events. */
    public static SdkRecordsDecoder of(JsonCodec codec, TableNames tables, BadRecords badRecords) {
        return new SdkRecordsDecoder(new StreamRecords(codec, tables.eventsTable(), badRecords));
    }

    /**
     * The decoder of a projection: its codec and bad-record policy, and the events of aggregate types it does not
     * read (in the same events table) passed over before they are decoded, neither events nor bad records.
     */
    public static SdkRecordsDecoder of(ProjectionSpec spec, TableNames tables) {
        return new SdkRecordsDecoder(new StreamRecords(
                spec.codec(),
                tables.eventsTable(),
                spec.badRecords(),
                spec.aggregates().stream().map(AggregateType::name).collect(Collectors.toSet())));
    }

    @Override
    public DecodedBatch decodeBatch(List<Record> batch) {
        return records.decode(
                batch.stream().map(StreamRecords.RawRecord::fromSdk).toList());
    }

    @Override
    public long skippedCount() {
        return records.skippedCount();
    }
}
