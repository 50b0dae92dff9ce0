package dev.escqrs.dynamodb.stream;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.StreamDecoder;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.dynamodb.internal.StreamRecords;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.util.List;
import java.util.Optional;

/**
 * Decodes records read from the events table's stream with the SDK ({@code GetRecords}) into envelopes: INSERTs
 * only, ordered by ({@code streamId}, {@code aggregateVersion}). A record that is not one of our events is an error
 * naming its eventID and sequence number, or, with {@link #skipping}, a log line.
 */
public final class SdkRecordsDecoder implements StreamDecoder<List<Record>> {
    private final StreamRecords records;

    private SdkRecordsDecoder(StreamRecords records) {
        this.records = records;
    }

    /** A decoder that refuses what is not one of our events. */
    public static SdkRecordsDecoder strict(JsonCodec codec, TableNames tables) {
        return new SdkRecordsDecoder(new StreamRecords(codec, tables.eventsTable(), false));
    }

    /** A decoder that skips, with a warning in the log, what is not one of our events. */
    public static SdkRecordsDecoder skipping(JsonCodec codec, TableNames tables) {
        return new SdkRecordsDecoder(new StreamRecords(codec, tables.eventsTable(), true));
    }

    @Override
    public DecodedBatch decodeBatch(List<Record> batch) {
        return records.decode(batch.stream().map(SdkRecordsDecoder::raw).toList());
    }

    @Override
    public long skippedCount() {
        return records.skippedCount();
    }

    static StreamRecords.RawRecord raw(Record record) {
        String sequence = record.dynamodb() == null ? null : record.dynamodb().sequenceNumber();
        return StreamRecords.RawRecord.readOrMalformed(record.eventID(), sequence, () -> new StreamRecords.RawRecord(
                record.eventID(), sequence, record.eventNameAsString(), Optional.empty(),
                record.dynamodb() == null || !record.dynamodb().hasNewImage() ? java.util.Map.of() : record.dynamodb().newImage(),
                Optional.empty()));
    }
}
