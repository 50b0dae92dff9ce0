package dev.escqrs.dynamodb;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.Lease;
import dev.escqrs.core.port.Leases;
import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Leases as items of the checkpoint table (key {@code #lease#NAME}): no table to deploy. Taking, renewing and
 * releasing are each one conditional {@code UpdateItem} (a holder renews, a replica standing by tries to take; only a
 * holder that lost its lease sends both), so two replicas that ask at once cannot both get the lease;
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
    /** The (name, holder) pairs this process holds, as far as it knows: they renew first, the others take first. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

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
        String key = name + '\u0000' + holder;
        // one write in the usual cases: a holder renews, a replica standing by tries to take; a failed conditional
        // write is billed, so the one that cannot succeed is not sent first
        if (held.contains(key)) {
            Optional<Lease> renewed = renew(name, holder, expires);
            if (renewed.isPresent()) {
                return renewed;
            }
            held.remove(key);
        }
        Optional<Lease> taken = take(name, holder, expires, now);
        if (taken.isPresent()) {
            held.add(key);
        }
        return taken;
    }

    /** The holder keeps its token. */
    private Optional<Lease> renew(String name, String holder, String expires) {
        return update(
                name,
                UpdateItemRequest.builder()
                        .updateExpression("SET #e = :e")
                        .conditionExpression("#h = :h")
                        .expressionAttributeNames(Map.of("#e", EXPIRES, "#h", HOLDER))
                        .expressionAttributeValues(
                                Map.of(":e", AttributeValue.fromN(expires), ":h", AttributeValue.fromS(holder))));
    }

    /** A lease nobody holds, or whose holder let it expire: the token grows. */
    private Optional<Lease> take(String name, String holder, String expires, Instant now) {
        return update(
                name,
                UpdateItemRequest.builder()
                        .updateExpression("SET #h = :h, #e = :e ADD #t :one")
                        .conditionExpression("attribute_not_exists(#h) OR #e <= :now")
                        .expressionAttributeNames(Map.of("#e", EXPIRES, "#h", HOLDER, "#t", TOKEN))
                        .expressionAttributeValues(Map.of(
                                ":e",
                                AttributeValue.fromN(expires),
                                ":h",
                                AttributeValue.fromS(holder),
                                ":one",
                                AttributeValue.fromN("1"),
                                ":now",
                                AttributeValue.fromN(Long.toString(now.toEpochMilli())))));
    }

    @Override
    public void release(String name, String holder) {
        held.remove(name + '\u0000' + holder);
        // nobody holds it now, as in memory: whoever takes it next, this holder too, gets the next token
        update(
                name,
                UpdateItemRequest.builder()
                        .updateExpression("SET #e = :zero, #h = :nobody")
                        .conditionExpression("#h = :h")
                        .expressionAttributeNames(Map.of("#e", EXPIRES, "#h", HOLDER))
                        .expressionAttributeValues(Map.of(
                                ":zero",
                                AttributeValue.fromN("0"),
                                ":h",
                                AttributeValue.fromS(holder),
                                ":nobody",
                                AttributeValue.fromS(""))));
    }

    private Optional<Lease> update(String name, UpdateItemRequest.Builder request) {
        UpdateItemRequest update = request.tableName(table)
                .returnValues(ReturnValue.ALL_NEW)
                .key(Map.of(
                        DynamoDbCheckpoints.CONSUMER,
                        AttributeValue.fromS(KEY_PREFIX + Identifiers.requireValid("lease name", name))))
                .build();
        try {
            Map<String, AttributeValue> item = ReadFailures.guard(
                            table, () -> "the lease " + name, () -> client.updateItem(update))
                    .attributes();
            return Optional.of(new Lease(
                    name,
                    item.get(HOLDER).s(),
                    Long.parseLong(item.get(TOKEN).n()),
                    Instant.ofEpochMilli(Long.parseLong(item.get(EXPIRES).n()))));
        } catch (ConditionalCheckFailedException held) {
            return Optional.empty();
        }
    }
}
