package dev.escqrs.dynamodb.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.FeedDecoder;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.internal.DynamoDbJson;
import dev.escqrs.dynamodb.internal.StreamRecords;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decodes the JSON event AWS Lambda delivers for a DynamoDB stream ({@code {"Records": [...]}}) into envelopes, with
 * Jackson alone: no Lambda library is needed. Only INSERTs of the events table (checked against each record's
 * {@code eventSourceARN}) become events; the batch is ordered by ({@code streamId}, {@code aggregateVersion}). A
 * record that is malformed or not one of our events is an error naming its eventID and sequence number, or, with
 * {@link BadRecords#SKIP}, a log line and a count.
 *
 * <pre>{@code
 * public void handleRequest(InputStream in, OutputStream out, Context context) {
 *     List<AggregateEvent<Object>> events = decoder.decode(new String(in.readAllBytes(), UTF_8));
 * }
 * }</pre>
 */
public final class LambdaJsonEventDecoder implements FeedDecoder<String> {
    private final JsonCodec codec;
    private final StreamRecords records;

    private LambdaJsonEventDecoder(JsonCodec codec, StreamRecords records) {
        this.codec = codec;
        this.records = records;
    }

    /** A decoder that stops at a record that is not one of our events ({@link BadRecords#STOP}, the default). */
    public static LambdaJsonEventDecoder of(JsonCodec codec, TableNames tables) {
        return of(codec, tables, BadRecords.STOP);
    }

    /** A decoder that stops at, or skips with a log line and a count, a record that is not one of our events. */
    public static LambdaJsonEventDecoder of(JsonCodec codec, TableNames tables, BadRecords badRecords) {
        return new LambdaJsonEventDecoder(codec, new StreamRecords(codec, tables.eventsTable(), badRecords));
    }

    /**
     * The decoder of a projection: its codec and bad-record policy, and the events of aggregate types it does not
     * read (in the same events table) passed over before they are decoded, neither events nor bad records.
     */
    public static LambdaJsonEventDecoder of(ProjectionSpec spec, TableNames tables) {
        return new LambdaJsonEventDecoder(
                spec.codec(),
                new StreamRecords(
                        spec.codec(),
                        tables.eventsTable(),
                        spec.badRecords(),
                        spec.aggregates().stream().map(AggregateType::name).collect(Collectors.toSet())));
    }

    @Override
    public List<AggregateEvent<Object>> decode(String lambdaEventJson) {
        return decodeBatch(lambdaEventJson).events();
    }

    /** Decodes an already parsed Lambda stream event. */
    public List<AggregateEvent<Object>> decode(JsonNode lambdaEvent) {
        return decodeBatch(lambdaEvent).events();
    }

    @Override
    public DecodedBatch decodeBatch(String lambdaEventJson) {
        JsonNode root;
        try {
            root = DynamoDbJson.PLAIN.readTree(lambdaEventJson);
        } catch (JsonProcessingException e) {
            throw new SerializationException("the Lambda stream event is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return decodeBatch(root);
    }

    @Override
    public long skippedCount() {
        return records.skippedCount();
    }

    /** Decodes an already parsed Lambda stream event, record by record. */
    public DecodedBatch decodeBatch(JsonNode lambdaEvent) {
        JsonNode list = lambdaEvent == null ? null : lambdaEvent.get("Records");
        if (list == null || !list.isArray()) {
            throw new SerializationException("a Lambda DynamoDB stream event has a \"Records\" array; this one has "
                    + (lambdaEvent == null
                            ? "nothing"
                            : lambdaEvent.properties().stream()
                                    .map(java.util.Map.Entry::getKey)
                                    .toList()));
        }
        List<StreamRecords.RawRecord> raw = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            raw.add(raw(list.get(i), i));
        }
        return records.decode(raw);
    }

    private static StreamRecords.RawRecord raw(JsonNode record, int index) {
        String eventId = text(record, "eventID").orElse("#" + index);
        JsonNode dynamodb = record.path("dynamodb");
        String sequence = text(dynamodb, "SequenceNumber").orElse("unknown");
        return StreamRecords.RawRecord.readOrMalformed(eventId, sequence, () -> {
            String eventName = text(record, "eventName")
                    .orElseThrow(
                            () -> new SerializationException("it has no \"eventName\" (INSERT, MODIFY or REMOVE)"));
            return new StreamRecords.RawRecord(
                    eventId,
                    sequence,
                    eventName,
                    text(record, "eventSourceARN"),
                    DynamoDbJson.item(dynamodb.get("NewImage"), "NewImage"),
                    Optional.empty());
        });
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }
}
