package dev.escqrs.dynamodb.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.FeedDecoder;
import dev.escqrs.core.port.UnreadableEvent;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.internal.StreamRecords;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Decodes aws-lambda-java-events' {@link DynamodbEvent}, for handlers that take Lambda's typed event. Needs that
 * library on the class path (escqrs declares it optional); {@link dev.escqrs.dynamodb.feed.LambdaJsonEventDecoder} needs nothing. Same rules:
 * INSERTs of the events table only, ordered by ({@code streamId}, {@code aggregateVersion}), foreign records an error
 * or, with {@link BadRecords#SKIP}, a log line.
 */
public final class LambdaTypedEventDecoder implements FeedDecoder<DynamodbEvent> {
    private final StreamRecords records;

    private LambdaTypedEventDecoder(StreamRecords records) {
        this.records = records;
    }

    /** A decoder that stops at a record that is not one of our events ({@link BadRecords#STOP}, the default). */
    public static LambdaTypedEventDecoder of(JsonCodec codec, TableNames tables) {
        return of(codec, tables, BadRecords.STOP);
    }

    /** A decoder that stops at, or skips with a log line and a count, a record that is not one of our events. */
    public static LambdaTypedEventDecoder of(JsonCodec codec, TableNames tables, BadRecords badRecords) {
        return new LambdaTypedEventDecoder(new StreamRecords(codec, tables.eventsTable(), badRecords));
    }

    /**
     * The decoder of a projection: its codec and bad-record policy, and the events of aggregate types it does not
     * read (in the same events table) passed over before they are decoded, neither events nor bad records.
     */
    public static LambdaTypedEventDecoder of(ProjectionSpec spec, TableNames tables) {
        return new LambdaTypedEventDecoder(new StreamRecords(
                spec.codec(),
                tables.eventsTable(),
                spec.badRecords(),
                spec.aggregates().stream().map(AggregateType::name).collect(Collectors.toSet())));
    }

    @Override
    public DecodedBatch decodeBatch(DynamodbEvent event) {
        if (event == null || event.getRecords() == null) {
            throw new SerializationException("the DynamodbEvent has no records list");
        }
        return records.decode(
                event.getRecords().stream().map(LambdaTypedEventDecoder::raw).toList());
    }

    /**
     * One record of a Lambda batch: its event, or why it holds none of ours, or neither (an event of an aggregate type
     * the decoder's projection does not read, passed over).
     */
    public record DecodedRecord(
            String eventId,
            String sequenceNumber,
            Optional<AggregateEvent<Object>> event,
            Optional<String> problem,
            Optional<UnreadableEvent> unreadable) {
        /** A record without an unreadable event of ours. */
        public DecodedRecord(
                String eventId,
                String sequenceNumber,
                Optional<AggregateEvent<Object>> event,
                Optional<String> problem) {
            this(eventId, sequenceNumber, event, problem, Optional.empty());
        }

        /** How errors name it: its eventID and sequence number. */
        public String where() {
            return StreamRecords.where(eventId, sequenceNumber);
        }
    }

    /**
     * Each record of the batch in the order Lambda delivered it, decoded on its own; nothing refused, skipped or
     * reordered. For handlers that report partial batch failures by sequence number.
     */
    public List<DecodedRecord> decodeEach(DynamodbEvent event) {
        if (event == null || event.getRecords() == null) {
            throw new SerializationException("the DynamodbEvent has no records list");
        }
        return records
                .decodeEach(event.getRecords().stream()
                        .map(LambdaTypedEventDecoder::raw)
                        .toList())
                .stream()
                .map(o -> new DecodedRecord(
                        o.record().eventId(),
                        o.record().sequenceNumber(),
                        Optional.ofNullable(o.event()),
                        Optional.ofNullable(o.problem()),
                        Optional.ofNullable(o.unreadable())))
                .toList();
    }

    @Override
    public long skippedCount() {
        return records.skippedCount();
    }

    static StreamRecords.RawRecord raw(DynamodbEvent.DynamodbStreamRecord record) {
        var stream = record.getDynamodb();
        String sequence = stream == null ? null : stream.getSequenceNumber();
        return StreamRecords.RawRecord.readOrMalformed(record.getEventID(), sequence, () -> {
            Map<String, AttributeValue> image =
                    stream == null || stream.getNewImage() == null ? Map.of() : item(stream.getNewImage(), "NewImage");
            return new StreamRecords.RawRecord(
                    record.getEventID(),
                    sequence,
                    record.getEventName(),
                    Optional.ofNullable(record.getEventSourceARN()),
                    image,
                    Optional.empty());
        });
    }

    private static Map<String, AttributeValue> item(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image,
            String where) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        image.forEach((name, value) -> item.put(name, value(value, where + "." + name)));
        return item;
    }

    private static AttributeValue value(
            com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v, String where) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (Boolean.TRUE.equals(v.getNULL())) {
            return AttributeValue.fromNul(true);
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(item(v.getM(), where));
        }
        if (v.getL() != null) {
            return AttributeValue.fromL(
                    v.getL().stream().map(x -> value(x, where)).toList());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB()));
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(
                    v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        throw new SerializationException(where + ": an attribute value with no type");
    }
}
