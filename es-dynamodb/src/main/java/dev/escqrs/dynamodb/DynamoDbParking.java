package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.ParkingItems.parkedKey;
import static dev.escqrs.dynamodb.ParkingItems.s;
import static dev.escqrs.dynamodb.ParkingItems.skippedKey;
import static dev.escqrs.dynamodb.ParkingItems.str;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.SkippedEvent;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Parked aggregates and skipped events in the checkpoint table of {@link TableNames} (key {@code consumer}), beside
 * the checkpoints of the runners that park them: an item per parked aggregate, keyed
 * {@value #PARKED}{@code runner#aggregateName#aggregateId}, and one per skipped event,
 * {@value #SKIPPED}{@code runner#aggregateName#aggregateId#version}. No table to create beyond the one a runner
 * already needs; the table stays small (a checkpoint per runner and, normally, no parked aggregate), so listing is a
 * consistent {@code Scan} of it: a fraction of a read unit while nothing is parked.
 *
 * <p>A runner writes an entry with an {@code UpdateItem} that leaves an operator's request alone; an operator's request
 * is an {@code UpdateItem} conditioned on the entry existing; clearing one is conditioned on it being the one handled.
 */
public final class DynamoDbParking implements Parking {
    /** Starts the key of a parked aggregate's item. */
    public static final String PARKED = "#parked#";
    /** Starts the key of a skipped event's item. */
    public static final String SKIPPED = "#skipped#";

    private static final List<String> REQUEST = ParkingItems.REQUEST;
    /** The placeholders of the request's attributes, as both request updates name them. */
    private static final Map<String, String> REQUEST_NAMES =
            Map.of("#ra", REQUEST.get(0), "#rb", REQUEST.get(1), "#rr", REQUEST.get(2), "#rt", REQUEST.get(3));

    private final DynamoDbClient client;
    private final String table;

    /** In the checkpoint table of {@code tables}. */
    public DynamoDbParking(DynamoDbClient client, TableNames tables) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = tables.checkpointsTable();
    }

    @Override
    public List<ParkedAggregate> parked(String runner) {
        return parkedOf(runner, scan(PARKED + Identifiers.requireValid("runner", runner) + "#"));
    }

    private static List<ParkedAggregate> parkedOf(String runner, List<Map<String, AttributeValue>> items) {
        List<ParkedAggregate> found = new ArrayList<>();
        items.forEach(item -> found.add(ParkingItems.parked(item)));
        found.removeIf(e -> !e.runner().equals(runner));
        found.sort(Comparator.comparing(ParkedAggregate::firstFailure));
        return found;
    }

    /** The runner's entries and skips in one consistent {@code Scan} of the checkpoint table. */
    @Override
    public State state(String runner) {
        String parked = PARKED + Identifiers.requireValid("runner", runner) + "#";
        String skipped = SKIPPED + runner + "#";
        List<Map<String, AttributeValue>> items = scan(parked, skipped);
        return new State(
                parkedOf(
                        runner,
                        items.stream()
                                .filter(i ->
                                        str(i, DynamoDbCheckpoints.CONSUMER).startsWith(parked))
                                .toList()),
                skippedOf(
                        runner,
                        items.stream()
                                .filter(i ->
                                        str(i, DynamoDbCheckpoints.CONSUMER).startsWith(skipped))
                                .toList()));
    }

    @Override
    public List<ParkedAggregate> parked() {
        List<ParkedAggregate> found = new ArrayList<>();
        scan(PARKED).forEach(item -> found.add(ParkingItems.parked(item)));
        found.sort(Comparator.comparing(ParkedAggregate::runner).thenComparing(ParkedAggregate::firstFailure));
        return found;
    }

    @Override
    public Optional<ParkedAggregate> find(String runner, String aggregateName, String aggregateId) {
        var response = client.getItem(
                b -> b.tableName(table).consistentRead(true).key(parkedKey(runner, aggregateName, aggregateId)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(ParkingItems.parked(response.item()))
                : Optional.empty();
    }

    @Override
    public void save(ParkedAggregate entry) {
        Map<String, AttributeValue> values = ParkingItems.parkedAttributes(entry);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> placeholders = new HashMap<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> value : values.entrySet()) {
            names.put("#a" + i, value.getKey());
            placeholders.put(":v" + i, value.getValue());
            sets.add("#a" + i + " = :v" + i);
            i++;
        }
        String update = "SET " + String.join(", ", sets);
        if (entry.nextAttempt().isEmpty()) {
            names.put("#next", "nextAttempt");
            update += " REMOVE #next";
        }
        String expression = update;
        client.updateItem(b -> b.tableName(table)
                .key(parkedKey(entry.runner(), entry.aggregateName(), entry.aggregateId()))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(placeholders));
    }

    @Override
    public void remove(String runner, String aggregateName, String aggregateId) {
        client.deleteItem(b -> b.tableName(table).key(parkedKey(runner, aggregateName, aggregateId)));
    }

    @Override
    public boolean request(
            String runner, String aggregateName, String aggregateId, ParkedAggregate.OperatorRequest request) {
        try {
            client.updateItem(b -> b.tableName(table)
                    .key(parkedKey(runner, aggregateName, aggregateId))
                    .conditionExpression("attribute_exists(#c)")
                    .updateExpression("SET #ra = :ra, #rb = :rb, #rr = :rr, #rt = :rt")
                    .expressionAttributeNames(withConsumer(REQUEST_NAMES))
                    .expressionAttributeValues(Map.of(
                            ":ra",
                            s(request.action().name()),
                            ":rb",
                            s(request.by()),
                            ":rr",
                            s(request.reason()),
                            ":rt",
                            s(request.at().toString()))));
            return true;
        } catch (ConditionalCheckFailedException notParked) {
            return false;
        }
    }

    @Override
    public void clearRequest(
            String runner, String aggregateName, String aggregateId, ParkedAggregate.OperatorRequest handled) {
        try {
            client.updateItem(b -> b.tableName(table)
                    .key(parkedKey(runner, aggregateName, aggregateId))
                    .conditionExpression("#ra = :ra AND #rt = :rt")
                    .updateExpression("REMOVE #ra, #rb, #rr, #rt")
                    .expressionAttributeNames(REQUEST_NAMES)
                    .expressionAttributeValues(Map.of(
                            ":ra",
                            s(handled.action().name()),
                            ":rt",
                            s(handled.at().toString()))));
        } catch (ConditionalCheckFailedException askedAgain) {
            // an operator asked for something else since: that request stays for the runner's next look
        }
    }

    @Override
    public void recordSkip(SkippedEvent skipped) {
        Map<String, AttributeValue> item = ParkingItems.skippedItem(skipped);
        client.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public List<SkippedEvent> skipped(String runner) {
        return skippedOf(runner, scan(SKIPPED + Identifiers.requireValid("runner", runner) + "#"));
    }

    private static List<SkippedEvent> skippedOf(String runner, List<Map<String, AttributeValue>> items) {
        List<SkippedEvent> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            SkippedEvent skipped = ParkingItems.skipped(item);
            if (skipped.runner().equals(runner)) {
                found.add(skipped);
            }
        }
        found.sort(Comparator.comparing(SkippedEvent::at));
        return found;
    }

    @Override
    public void forgetSkip(SkippedEvent skipped) {
        client.deleteItem(b -> b.tableName(table).key(skippedKey(skipped)));
    }

    /** The items whose key starts with one of {@code prefixes}, in one consistent {@code Scan} (paged). */
    private List<Map<String, AttributeValue>> scan(String... prefixes) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> tests = new ArrayList<>();
        for (int i = 0; i < prefixes.length; i++) {
            values.put(":p" + i, s(prefixes[i]));
            tests.add("begins_with(#c, :p" + i + ")");
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        ScanRequest request = ScanRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .filterExpression(String.join(" OR ", tests))
                .expressionAttributeNames(Map.of("#c", DynamoDbCheckpoints.CONSUMER))
                .expressionAttributeValues(values)
                .build();
        client.scanPaginator(request).forEach(page -> items.addAll(page.items()));
        return items;
    }

    private static Map<String, String> withConsumer(Map<String, String> names) {
        Map<String, String> all = new HashMap<>(names);
        all.put("#c", DynamoDbCheckpoints.CONSUMER);
        return all;
    }
}
