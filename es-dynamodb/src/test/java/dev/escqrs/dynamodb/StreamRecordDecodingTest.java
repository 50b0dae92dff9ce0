package dev.escqrs.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.feed.LambdaJsonEventDecoder;
import dev.escqrs.dynamodb.feed.SdkRecordsDecoder;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Each stream record is decoded on its own: a strict decoder names the bad record (its eventID and sequence number)
 * and says what is wrong with it; a skipping decoder logs it, counts it and delivers the rest of the batch.
 */
class StreamRecordDecodingTest {
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);
    private final TableNames tables = TableNames.withPrefix("decoding-");
    private final EventIds ids = EventIds.system();

    private String record(String eventId, String sequence, String body) {
        return """
                {"eventID": "%s", %s "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "eu-west-1",
                 "dynamodb": {"ApproximateCreationDateTime": 1767225600, "Keys": {}, "NewImage": %s,
                              "SequenceNumber": "%s", "SizeBytes": 300, "StreamViewType": "NEW_IMAGE"},
                 "eventSourceARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/%s/stream/2026-01-01T00:00:00.000"}
                """.formatted(
                        eventId,
                        body.startsWith("NO_NAME") ? "" : "\"eventName\": \"INSERT\",",
                        body.replace("NO_NAME", ""),
                        sequence,
                        tables.eventsTable());
    }

    private String image(String id, long version, String payload) {
        return """
                {"streamId": {"S": "Wallet#%s"}, "aggregateVersion": {"N": "%d"}, "eventId": {"S": "%s"},
                 "eventName": {"S": "WalletDeposited"}, "aggregateName": {"S": "Wallet"}, "aggregateId": {"S": "%s"},
                 "actorId": {"S": "ann"}, "eventTs": {"S": "2026-01-01T00:00:00Z"}, "schemaVersion": {"N": "1"},
                 "payload": {"M": %s}}
                """.formatted(id, version, ids.next(), id, payload);
    }

    /** A good record, the bad one, another good one. */
    private String batch(String bad) {
        return "{\"Records\": ["
                + String.join(
                        ",",
                        record("good-1", "100", image("w1", 1, "{\"amount\": {\"N\": \"5\"}}")),
                        bad,
                        record("good-2", "300", image("w2", 1, "{\"amount\": {\"N\": \"7\"}}")))
                + "]}";
    }

    private void refusedAndSkipped(String bad, String... messageParts) {
        String json = batch(bad);
        var strict = assertThatThrownBy(
                        () -> LambdaJsonEventDecoder.of(codec, tables).decode(json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("stream record bad-1 (sequence number 200)");
        for (String part : messageParts) {
            strict.hasMessageContaining(part);
        }

        LambdaJsonEventDecoder skipping = LambdaJsonEventDecoder.of(codec, tables, BadRecords.SKIP);
        DecodedBatch decoded = skipping.decodeBatch(json);

        assertThat(decoded.events()).extracting(AggregateEvent::aggregateId).containsExactly("w1", "w2");
        assertThat(decoded.skipped()).singleElement().satisfies(s -> {
            assertThat(s.eventId()).isEqualTo("bad-1");
            assertThat(s.sequenceNumber()).isEqualTo("200");
            for (String part : messageParts) {
                assertThat(s.reason()).contains(part);
            }
        });
        assertThat(skipping.skippedCount()).isEqualTo(1);
    }

    @Nested
    class LambdaJson {
        @Test
        void records_of_either_layout_decode_without_being_told_the_layout() {
            String compact = """
                    {"s": {"S": "Wallet#w3"}, "v": {"N": "2"}, "e": {"S": "%s"}, "n": {"S": "WalletDeposited"},
                     "a": {"S": "bob"}, "d": {"M": {"amount": {"N": "9"}}}, "ci": {"S": "req-9"}}
                    """.formatted(ids.next());

            var events = LambdaJsonEventDecoder.of(codec, tables).decode(batch(record("compact", "200", compact)));

            assertThat(events)
                    .as("ordered by stream and version")
                    .extracting(AggregateEvent::aggregateId)
                    .containsExactly("w1", "w2", "w3");
            assertThat(events.get(2)).satisfies(e -> {
                assertThat(e.aggregateVersion()).isEqualTo(2);
                assertThat(e.actorId()).isEqualTo("bob");
                assertThat(e.payload()).isEqualTo(new Wallet.Deposited(9));
                assertThat(e.metadata().correlationId()).contains("req-9");
            });
        }

        @Test
        void a_state_repair_in_one_item_mode_is_passed_over_even_when_strict_and_any_other_modify_is_not() {
            String repaired = """
                    {"s": {"S": "Wallet#w3"}, "v": {"N": "2"}, "e": {"S": "%s"}, "n": {"S": "WalletDeposited"},
                     "a": {"S": "bob"}, "d": {"M": {"amount": {"N": "9"}}}, "st": {"M": {"owner": {"S": "bob"}}},
                     "c": {"N": "1767225600000"}, "sr": {"S": "2026-12-06T00:00:00Z"}}
                    """.formatted(ids.next());
            String modify = record("repair", "200", repaired).replace("\"INSERT\"", "\"MODIFY\"");

            var events = LambdaJsonEventDecoder.of(codec, tables).decode(batch(modify));

            assertThat(events).extracting(AggregateEvent::aggregateId).containsExactly("w1", "w2");
            refusedAndSkipped(
                    record("bad-1", "200", repaired.replace("\"sr\"", "\"xx\"")).replace("\"INSERT\"", "\"MODIFY\""),
                    "is a MODIFY; events are only ever inserted");
        }

        @Test
        void a_record_without_an_event_name() {
            refusedAndSkipped(
                    record("bad-1", "200", "NO_NAME" + image("w9", 1, "{\"amount\": {\"N\": \"1\"}}")),
                    "is malformed",
                    "has no \"eventName\"");
        }

        @Test
        void an_attribute_of_an_unknown_type() {
            refusedAndSkipped(
                    record("bad-1", "200", image("w9", 1, "{\"amount\": {\"Q\": \"1\"}}")),
                    "NewImage.payload.amount: unknown attribute type 'Q'");
        }

        @Test
        void a_number_given_as_a_json_number() {
            refusedAndSkipped(
                    record("bad-1", "200", image("w9", 1, "{\"amount\": {\"N\": 12}}")),
                    "NewImage.payload.amount: a number is written as a string",
                    "got the JSON number 12");
        }

        @Test
        void a_binary_value_that_is_not_base64() {
            refusedAndSkipped(
                    record("bad-1", "200", image("w9", 1, "{\"blob\": {\"B\": \"***not base64***\"}}")),
                    "NewImage.payload.blob: a binary value must be base64");
        }

        @Test
        void a_payload_number_that_is_not_a_number_is_not_called_a_version() {
            refusedAndSkipped(
                    record("bad-1", "200", image("w9", 1, "{\"amount\": {\"N\": \"twelve\"}}")),
                    "NewImage.payload.amount: 'twelve' is not a number");
        }

        @Test
        void a_missing_attribute_says_it_is_missing() {
            refusedAndSkipped(
                    record(
                            "bad-1",
                            "200",
                            image("w9", 1, "{\"amount\": {\"N\": \"1\"}}")
                                    .replace("\"actorId\": {\"S\": \"ann\"},", "")),
                    "cannot be decoded",
                    "attribute 'actorId' is missing");
        }

        @Test
        void a_version_that_is_not_whole_is_named() {
            refusedAndSkipped(
                    record(
                            "bad-1",
                            "200",
                            image("w9", 1, "{\"amount\": {\"N\": \"1\"}}")
                                    .replace(
                                            "\"aggregateVersion\": {\"N\": \"1\"}",
                                            "\"aggregateVersion\": {\"N\": \"1.5\"}")),
                    "attribute 'aggregateVersion' is not a whole number: '1.5'");
        }

        @Test
        void a_projections_decoder_passes_over_other_aggregate_types_before_decoding_them_and_stops_at_bad_records() {
            String other = image("c1", 1, "{\"text\": {\"S\": \"hi\"}}")
                    .replace("\"Wallet#c1\"", "\"Comment#c1\"")
                    .replace("\"WalletDeposited\"", "\"CommentAdded\""); // a name this codec does not know
            ProjectionSpec spec = ProjectionSpec.builder("wallets", new RecordingProjection())
                    .aggregates(Wallet.WALLET)
                    .store(neverRead())
                    .build();
            LambdaJsonEventDecoder decoder = LambdaJsonEventDecoder.of(spec, tables);

            assertThat(decoder.decode(batch(record("other", "200", other))))
                    .as("the Comment event is neither an event of this projection nor a bad record")
                    .extracting(AggregateEvent::aggregateId)
                    .containsExactly("w1", "w2");
            assertThat(decoder.skippedCount()).isZero();
            String bad = record("bad-1", "200", image("w9", 1, "{\"amount\": {\"N\": \"x\"}}"));
            assertThatThrownBy(() -> decoder.decode(batch(bad)))
                    .as("the spec's default policy stops at a bad record of its own aggregate type")
                    .hasMessageContaining("stream record bad-1 (sequence number 200)");
        }
    }

    @Nested
    class SdkRecords {
        private Record record(String eventId, String sequence, Map<String, AttributeValue> image) {
            return Record.builder()
                    .eventID(eventId)
                    .eventName(OperationType.INSERT)
                    .dynamodb(StreamRecord.builder()
                            .sequenceNumber(sequence)
                            .newImage(image)
                            .build())
                    .build();
        }

        private Map<String, AttributeValue> image(String id, String amount) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("streamId", AttributeValue.fromS("Wallet#" + id));
            item.put("aggregateVersion", AttributeValue.fromN("1"));
            item.put("eventId", AttributeValue.fromS(ids.next()));
            item.put("eventName", AttributeValue.fromS("WalletDeposited"));
            item.put("aggregateName", AttributeValue.fromS("Wallet"));
            item.put("aggregateId", AttributeValue.fromS(id));
            item.put("actorId", AttributeValue.fromS("ann"));
            item.put("schemaVersion", AttributeValue.fromN("1"));
            item.put("payload", AttributeValue.fromM(Map.of("amount", AttributeValue.fromN(amount))));
            return item;
        }

        @Test
        void one_bad_record_is_skipped_and_the_rest_delivered() {
            List<Record> batch = List.of(
                    record("a", "1", image("w1", "3")),
                    record("b", "2", image("w2", "x")),
                    record("c", "3", image("w3", "4")));

            assertThatThrownBy(() -> SdkRecordsDecoder.of(codec, tables).decode(batch))
                    .hasMessageContaining("stream record b (sequence number 2) cannot be decoded")
                    .hasMessageContaining("'x' is not a number");
            SdkRecordsDecoder skipping = SdkRecordsDecoder.of(codec, tables, BadRecords.SKIP);
            assertThat(skipping.decode(batch))
                    .extracting(AggregateEvent::aggregateId)
                    .containsExactly("w1", "w3");
            assertThat(skipping.skippedCount()).isEqualTo(1);
        }

        @Test
        void a_projections_decoder_passes_over_other_aggregate_types_before_decoding_them_and_stops_at_bad_records() {
            Map<String, AttributeValue> other = image("c1", "1");
            other.put("streamId", AttributeValue.fromS("Comment#c1"));
            other.put("eventName", AttributeValue.fromS("CommentAdded")); // a name this codec does not know
            ProjectionSpec spec = ProjectionSpec.builder("wallets", new RecordingProjection())
                    .aggregates(Wallet.WALLET)
                    .store(neverRead())
                    .build();
            SdkRecordsDecoder decoder = SdkRecordsDecoder.of(spec, tables);

            assertThat(decoder.decode(List.of(record("a", "1", image("w1", "3")), record("b", "2", other))))
                    .as("the Comment event is neither an event of this projection nor a bad record")
                    .extracting(AggregateEvent::aggregateId)
                    .containsExactly("w1");
            assertThat(decoder.skippedCount()).isZero();
            assertThatThrownBy(() -> decoder.decode(List.of(record("c", "3", image("w2", "x")))))
                    .as("the spec's default policy stops at a bad record of its own aggregate type")
                    .hasMessageContaining("stream record c (sequence number 3) cannot be decoded");
        }
    }

    /** A store the decoding never reads (gaps are the projector's, not the decoder's). */
    private static EventStore neverRead() {
        return (EventStore) Proxy.newProxyInstance(
                EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
                    throw new AssertionError("the decoder read the store: " + method.getName());
                });
    }
}
