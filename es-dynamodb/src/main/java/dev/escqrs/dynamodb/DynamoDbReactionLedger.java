package dev.escqrs.dynamodb;

import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.dynamodb.internal.ReadFailures;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A reaction's ledger in a DynamoDB table of its own (one table per reaction; partition key {@value #KEY}, a string):
 * one item per source aggregate that called for commands, keyed by its stream id ({@code BlogPost#01J...}), with the
 * version reacted to, and the reactor's runner checkpoint beside them ({@link DynamoDbCheckpoints#inTable}). Restored
 * or deleted, versions and position move together.
 *
 * <p>Cost: one consistent {@code GetItem} (1 RCU) per source aggregate when the runner's projector first meets it
 * (once per {@code ProjectionRunner}; once per batch under Lambda and KCL, whose projector lives for one batch), and one conditional {@code UpdateItem} (1 WCU) per event that called for commands;
 * events that call for none cost nothing here.
 */
public final class DynamoDbReactionLedger implements ReactionLedger {
    /** The table's partition key. */
    public static final String KEY = "id";

    static final String VERSION = "v";
    static final String AT = "at";

    private final DynamoDbClient client;
    private final String table;
    private final Checkpoints checkpoints;

    public DynamoDbReactionLedger(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Identifiers.requireValid("table", table);
        this.checkpoints = DynamoDbCheckpoints.inTable(client, table, KEY, fix(table));
    }

    /** How the ledger's table is created, for the error when it is missing. */
    private static String fix(String table) {
        return "Create the reaction ledger's table with DynamoDbReactionLedger.createTable(client, \"%s\"), or deploy it "
                        .formatted(table)
                + "as docs/dynamodb.md shows; the reactor goes on by itself once it exists";
    }

    /** Creates the table if it is missing (idempotent), on demand billing; deploy templates declare the same. */
    public static void createTable(DynamoDbClient client, String table) {
        try {
            client.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName(KEY)
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .keySchema(KeySchemaElement.builder()
                            .attributeName(KEY)
                            .keyType(KeyType.HASH)
                            .build()));
        } catch (ResourceInUseException exists) {
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static Map<String, AttributeValue> key(String aggregateName, String aggregateId) {
        return Map.of(KEY, AttributeValue.fromS(StreamIds.of(aggregateName, aggregateId)));
    }

    @Override
    public long reactedVersion(String aggregateName, String aggregateId) {
        GetItemResponse response = ReadFailures.guard(
                table,
                fix(table),
                () -> "reading the reacted version of %s %s".formatted(aggregateName, aggregateId),
                () -> client.getItem(
                        b -> b.tableName(table).consistentRead(true).key(key(aggregateName, aggregateId))));
        if (!response.hasItem() || !response.item().containsKey(VERSION)) {
            return 0;
        }
        return Long.parseLong(response.item().get(VERSION).n());
    }

    @Override
    public void recordReacted(String aggregateName, String aggregateId, long version) {
        try {
            ReadFailures.guard(
                    table,
                    fix(table),
                    () -> "recording the reaction to %s %s v%d".formatted(aggregateName, aggregateId, version),
                    () -> client.updateItem(b -> b.tableName(table)
                            .key(key(aggregateName, aggregateId))
                            .updateExpression("SET #v = :v, #at = :at")
                            .conditionExpression("attribute_not_exists(#v) OR #v < :v")
                            .expressionAttributeNames(Map.of("#v", VERSION, "#at", AT))
                            .expressionAttributeValues(Map.of(
                                    ":v",
                                    AttributeValue.fromN(Long.toString(version)),
                                    ":at",
                                    AttributeValue.fromS(java.time.Instant.now().toString())))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // another runner recorded this version or a later one: the ledger never moves back
        }
    }

    @Override
    public Checkpoints checkpoints() {
        return checkpoints;
    }
}
