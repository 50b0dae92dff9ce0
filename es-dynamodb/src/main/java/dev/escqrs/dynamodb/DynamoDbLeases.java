package dev.escqrs.dynamodb;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.Lease;
import dev.escqrs.core.port.Leases;
import dev.escqrs.dynamodb.internal.ReadFailures;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases as items of the checkpoint table (key {@code #lease#NAME}): no table to deploy. Taking, renewing and
 * releasing are each one conditional {@code UpdateItem}, so two replicas that ask at once cannot both get the lease;
 * the token grows by one each time the lease passes to another holder. Expiry is judged by this process's clock
 * against the time the holder wrote: keep replicas' clocks (NTP, as on AWS) within a small part of the lease.
 */
public final class DynamoDbLeases implements Leases {
    private static final String KEY_PREFIX = "#lease#";
    private static final String HOLDER = "holder";
    private static final String TOKEN = "token";
    private static final String EXPIRES = "expiresAt";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    /** In the checkpoint table of {@code tables}, by the system clock. */
    public DynamoDbLeases(DynamoDbClient client, TableNames tables) {
        this(client, tables, Clock.systemUTC());
    }

    public DynamoDbLeases(DynamoDbClient client, TableNames tables, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = tables.checkpointsTable();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Lease> acquire(String name, String holder, Duration duration) {
        Identifiers.requireValid("holder", holder);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, got " + duration);
        }
        Instant now = clock.instant();
        String expires = Long.toString(now.plus(duration).toEpochMilli());
        // renew: the holder keeps its token
        Optional<Lease> renewed = update(name, UpdateItemRequest.builder()
                .updateExpression("SET #e = :e")
                .conditionExpression("#h = :h")
                .expressionAttributeNames(Map.of("#e", EXPIRES, "#h", HOLDER))
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromN(expires), ":h", AttributeValue.fromS(holder))));
        if (renewed.isPresent()) {
            return renewed;
        }
        // take over a lease nobody holds, or whose holder let it expire: the token grows
        return update(name, UpdateItemRequest.builder()
                .updateExpression("SET #h = :h, #e = :e ADD #t :one")
                .conditionExpression("attribute_not_exists(#h) OR #e <= :now")
                .expressionAttributeNames(Map.of("#e", EXPIRES, "#h", HOLDER, "#t", TOKEN))
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromN(expires), ":h", AttributeValue.fromS(holder),
                        ":one", AttributeValue.fromN("1"), ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())))));
    }

    @Override
    public void release(String name, String holder) {
        update(name, UpdateItemRequest.builder()
                .updateExpression("SET #e = :zero")
                .conditionExpression("#h = :h")
                .expressionAttributeNames(Map.of("#e", EXPIRES, "#h", HOLDER))
                .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"), ":h", AttributeValue.fromS(holder))));
    }

    private Optional<Lease> update(String name, UpdateItemRequest.Builder request) {
        UpdateItemRequest update = request.tableName(table).returnValues(ReturnValue.ALL_NEW)
                .key(Map.of(DynamoDbCheckpoints.CONSUMER, AttributeValue.fromS(KEY_PREFIX
                        + Identifiers.requireValid("lease name", name)))).build();
        try {
            Map<String, AttributeValue> item = ReadFailures.guard(table, () -> "the lease " + name,
                    () -> client.updateItem(update)).attributes();
            return Optional.of(new Lease(name, item.get(HOLDER).s(), Long.parseLong(item.get(TOKEN).n()),
                    Instant.ofEpochMilli(Long.parseLong(item.get(EXPIRES).n()))));
        } catch (ConditionalCheckFailedException held) {
            return Optional.empty();
        }
    }
}
