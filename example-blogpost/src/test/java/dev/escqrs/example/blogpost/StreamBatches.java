package dev.escqrs.example.blogpost;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda batches made of what the service really wrote on moto: the events table's Stream records in the shape
 * Lambda's event source mapping delivers them (es-dynamodb-lambda's tests make theirs the same way).
 */
final class StreamBatches {
    private StreamBatches() {}

    /** Every record of the events table's Stream, as one batch. */
    static DynamodbEvent everyRecord(DynamoDbClient client, DynamoDbStreamsClient streams, TableNames tables) {
        String arn = client.describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (var shard : streams.describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()) {
            String iterator = streams.getShardIterator(b ->
                            b.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            for (Record record :
                    streams.getRecords(b -> b.shardIterator(iterator)).records()) {
                records.add(lambdaRecord(record, arn));
            }
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private static DynamodbEvent.DynamodbStreamRecord lambdaRecord(Record record, String arn) {
        DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventSource("aws:dynamodb");
        lambda.setEventSourceARN(arn);
        StreamRecord stream = new StreamRecord();
        stream.setSequenceNumber(record.dynamodb().sequenceNumber());
        stream.setNewImage(lambdaImage(record.dynamodb().newImage()));
        lambda.setDynamodb(stream);
        return lambda;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> lambdaImage(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image =
                new LinkedHashMap<>();
        item.forEach((name, value) -> image.put(name, lambdaValue(value)));
        return image;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue lambdaValue(
            AttributeValue v) {
        var lambda = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (v.type()) {
            case S -> lambda.setS(v.s());
            case N -> lambda.setN(v.n());
            case BOOL -> lambda.setBOOL(v.bool());
            case NUL -> lambda.setNULL(true);
            case M -> lambda.setM(lambdaImage(v.m()));
            case L -> lambda.setL(v.l().stream().map(StreamBatches::lambdaValue).toList());
            default -> throw new IllegalArgumentException("not used by the service's events: " + v.type());
        }
        return lambda;
    }
}
