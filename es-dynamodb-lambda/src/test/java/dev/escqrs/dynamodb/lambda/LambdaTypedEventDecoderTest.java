package dev.escqrs.dynamodb.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.internal.Account;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lambda's typed DynamodbEvent, as a handler written with aws-lambda-java-events receives it. */
class LambdaTypedEventDecoderTest {
    private static final TableNames TABLES = TableNames.withPrefix("shop-");
    private final LambdaTypedEventDecoder decoder = LambdaTypedEventDecoder.of(JsonCodec.create(Account.TYPES), TABLES);

    private static DynamodbEvent.DynamodbStreamRecord record(
            String name, long version, String eventName, Map<String, AttributeValue> payload) {
        StreamRecord stream = new StreamRecord();
        stream.setSequenceNumber("seq-" + version);
        stream.setNewImage(Map.ofEntries(
                Map.entry("streamId", new AttributeValue().withS("Account#w1")),
                Map.entry("aggregateVersion", new AttributeValue().withN(Long.toString(version))),
                Map.entry(
                        "eventId", new AttributeValue().withS(EventIds.system().next())),
                Map.entry("eventName", new AttributeValue().withS(eventName)),
                Map.entry("aggregateName", new AttributeValue().withS("Account")),
                Map.entry("aggregateId", new AttributeValue().withS("w1")),
                Map.entry("actorId", new AttributeValue().withS("ann")),
                Map.entry("schemaVersion", new AttributeValue().withN("1")),
                Map.entry("payload", new AttributeValue().withM(payload))));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID("ev-" + version);
        record.setEventName(name);
        record.setEventSourceARN("arn:aws:dynamodb:eu-west-1:1:table/shop-events/stream/2026");
        record.setDynamodb(stream);
        return record;
    }

    @Test
    void decodes_inserts_in_version_order() {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(
                record("INSERT", 2, "Deposited", Map.of("amount", new AttributeValue().withN("7"))),
                record("INSERT", 1, "AccountOpened", Map.of("owner", new AttributeValue().withS("ann")))));

        List<AggregateEvent<Object>> events = decoder.decode(event);

        assertThat(events)
                .extracting(AggregateEvent::payload)
                .containsExactly(new Account.Opened("ann"), new Account.Deposited(7));
    }

    @Test
    void a_remove_is_an_error_naming_the_record() {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record("REMOVE", 3, "AccountOpened", Map.of())));

        assertThatThrownBy(() -> decoder.decode(event))
                .isInstanceOf(SerializationException.class)
                .hasMessage("stream record ev-3 (sequence number seq-3) is a REMOVE; events are only ever inserted");
    }
}
