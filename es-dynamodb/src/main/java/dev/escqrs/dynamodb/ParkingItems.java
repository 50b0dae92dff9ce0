package dev.escqrs.dynamodb;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.SkippedEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of {@link DynamoDbParking} in the checkpoint table: the keys of a parked aggregate and of a skipped
 * event, their attributes, and the entries read back from them.
 */
final class ParkingItems {
    /** The attributes of an operator's request on a parked aggregate. */
    static final List<String> REQUEST = List.of("requestAction", "requestBy", "requestReason", "requestAt");

    private ParkingItems() {}

    static Map<String, AttributeValue> parkedKey(String runner, String aggregateName, String aggregateId) {
        return Map.of(
                DynamoDbCheckpoints.CONSUMER,
                AttributeValue.fromS(DynamoDbParking.PARKED
                        + Identifiers.requireValid("runner", runner)
                        + "#"
                        + aggregateName
                        + "#"
                        + aggregateId));
    }

    static Map<String, AttributeValue> skippedKey(SkippedEvent skipped) {
        return Map.of(
                DynamoDbCheckpoints.CONSUMER,
                AttributeValue.fromS(DynamoDbParking.SKIPPED + skipped.runner() + "#" + skipped.aggregateName() + "#"
                        + skipped.aggregateId() + "#" + skipped.version()));
    }

    /** The attributes a runner writes of a parked aggregate, in order; the key and an operator's request aside. */
    static Map<String, AttributeValue> parkedAttributes(ParkedAggregate entry) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put("runner", s(entry.runner()));
        values.put("aggregateName", s(entry.aggregateName()));
        values.put("aggregateId", s(entry.aggregateId()));
        values.put("headVersion", n(entry.head().version()));
        values.put("headEventId", s(entry.head().eventId()));
        values.put("headEventName", s(entry.head().eventName()));
        values.put("headJson", s(entry.head().json()));
        values.put("lastSeenVersion", n(entry.lastSeenVersion()));
        values.put("errorCategory", s(entry.error().category()));
        values.put("errorType", s(entry.error().type()));
        values.put("errorMessage", s(entry.error().message()));
        values.put("attempts", n(entry.attempts()));
        values.put("firstFailure", s(entry.firstFailure().toString()));
        values.put("lastFailure", s(entry.lastFailure().toString()));
        entry.nextAttempt().ifPresent(at -> values.put("nextAttempt", s(at.toString())));
        return values;
    }

    static ParkedAggregate parked(Map<String, AttributeValue> item) {
        Optional<ParkedAggregate.OperatorRequest> request = item.containsKey(REQUEST.get(0))
                ? Optional.of(new ParkedAggregate.OperatorRequest(
                        ParkedAggregate.Action.valueOf(str(item, REQUEST.get(0))), str(item, REQUEST.get(1)),
                        str(item, REQUEST.get(2)), Instant.parse(str(item, REQUEST.get(3)))))
                : Optional.empty();
        return new ParkedAggregate(
                str(item, "runner"),
                str(item, "aggregateName"),
                str(item, "aggregateId"),
                new ParkedAggregate.ParkedEvent(
                        num(item, "headVersion"),
                        str(item, "headEventId"),
                        str(item, "headEventName"),
                        str(item, "headJson")),
                num(item, "lastSeenVersion"),
                new ParkedAggregate.Failure(
                        str(item, "errorCategory"), str(item, "errorType"), str(item, "errorMessage")),
                (int) num(item, "attempts"),
                Instant.parse(str(item, "firstFailure")),
                Instant.parse(str(item, "lastFailure")),
                Optional.ofNullable(item.get("nextAttempt")).map(v -> Instant.parse(v.s())),
                request);
    }

    /** The whole item of a skipped event, its key included. */
    static Map<String, AttributeValue> skippedItem(SkippedEvent skipped) {
        Map<String, AttributeValue> item = new HashMap<>(skippedKey(skipped));
        item.put("runner", s(skipped.runner()));
        item.put("aggregateName", s(skipped.aggregateName()));
        item.put("aggregateId", s(skipped.aggregateId()));
        item.put("version", n(skipped.version()));
        item.put("eventId", s(skipped.eventId()));
        item.put("eventName", s(skipped.eventName()));
        item.put("by", s(skipped.by()));
        item.put("reason", s(skipped.reason()));
        item.put("at", s(skipped.at().toString()));
        return item;
    }

    static SkippedEvent skipped(Map<String, AttributeValue> item) {
        return new SkippedEvent(
                str(item, "runner"),
                str(item, "aggregateName"),
                str(item, "aggregateId"),
                num(item, "version"),
                str(item, "eventId"),
                str(item, "eventName"),
                str(item, "by"),
                str(item, "reason"),
                Instant.parse(str(item, "at")));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
