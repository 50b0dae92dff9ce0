package dev.escqrs.dynamodb.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/** Lambda batches made of what escqrs really wrote on moto: the Stream's records in Lambda's shape. */
final class MotoLambdaBatches {
    private MotoLambdaBatches() {}

    /** Every record of the events table's stream, as Lambda would deliver them in one batch. */
    static DynamodbEvent everyRecord(DynamoDbTestServer.SerialClients clients, TableNames tables) {
        String arn = clients.dynamoDb()
                .describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (var shard : clients.streams()
                .describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()) {
            String iterator = clients.streams()
                    .getShardIterator(b ->
                            b.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            for (Record record :
                    clients.streams().getRecords(b -> b.shardIterator(iterator)).records()) {
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
            case L ->
                lambda.setL(v.l().stream().map(MotoLambdaBatches::lambdaValue).toList());
            default -> throw new IllegalArgumentException("not used by these events: " + v.type());
        }
        return lambda;
    }
}
