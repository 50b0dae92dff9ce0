package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The one-item marker: an item in an aggregate type's table that says "events of this type were written in one-item
 * mode, so the rows may be behind". A store in one-item mode writes it before its first append of the type (once per
 * process); a store in two-item mode that finds it reads the newest event as well as the row, so that its reads stay
 * right after a switch back, until {@code escqrs repair --two-item TYPE} has rewritten the rows and removed it. Its key
 * holds a control character, which no aggregate id may (so no aggregate's row is ever taken for it, nor it for one).
 */
public final class StorageMarkers {
    /** The marker's id in the aggregate table's key attribute. */
    public static final String MARKER_ID = "\u001Fone-item";
    /** How long, in seconds, a store in two-item mode trusts "no marker" before it asks again. */
    public static final long RECHECK_SECONDS = 60;

    private static final Duration RECHECK = Duration.ofSeconds(RECHECK_SECONDS);
    private static final Logger LOG = LoggerFactory.getLogger(StorageMarkers.class);

    private final DynamoDbClient client;
    private final TableNames tables;
    private final AggregateItems rows;
    private final Clock clock;
    private final Map<String, Boolean> written = new ConcurrentHashMap<>();
    /** Per type: when "absent" was last seen (a present marker is remembered as Instant.MAX). */
    private final Map<String, Instant> checked = new ConcurrentHashMap<>();

    public StorageMarkers(DynamoDbClient client, TableNames tables, Clock clock) {
        this.client = client;
        this.tables = tables;
        this.rows = AggregateItems.of(tables.layout());
        this.clock = clock;
    }

    /** Writes the marker of {@code aggregateName} unless this store did already: before a one-item append. */
    public void ensureWritten(String aggregateName) {
        if (written.containsKey(aggregateName)) {
            return;
        }
        String table = tables.aggregateTable(aggregateName);
        try {
            client.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            rows.id(),
                            AttributeValue.fromS(MARKER_ID),
                            "mode",
                            AttributeValue.fromS("ONE_ITEM"),
                            "since",
                            AttributeValue.fromS(Instant.now(clock).toString())))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", rows.id())));
        } catch (ConditionalCheckFailedException present) {
            // written before, by this or another process
        } catch (SdkException e) {
            throw ReadFailures.translate(
                    table,
                    ReadFailures.CREATE_TABLES,
                    () -> "writing the one-item marker of %s (which a later switch back to two-item mode needs)"
                            .formatted(aggregateName),
                    e);
        }
        written.put(aggregateName, true);
        checked.put(aggregateName, Instant.MAX);
    }

    /**
     * Whether events of {@code aggregateName} were ever written in one-item mode (then a two-item store's rows may be
     * behind): one consistent {@code GetItem}, asked again at most every {@value #RECHECK_SECONDS} seconds while absent.
     */
    public boolean present(String aggregateName) {
        Instant last = checked.get(aggregateName);
        Instant now = Instant.now(clock);
        if (last != null && (last.equals(Instant.MAX) || now.isBefore(last.plus(RECHECK)))) {
            return last.equals(Instant.MAX);
        }
        String table = tables.aggregateTable(aggregateName);
        Map<String, AttributeValue> marker = ReadFailures.guard(
                        table,
                        () -> "the one-item marker of " + aggregateName,
                        () -> client.getItem(
                                b -> b.tableName(table).consistentRead(true).key(rows.key(MARKER_ID))))
                .item();
        boolean present = marker != null && !marker.isEmpty();
        if (present) {
            LOG.warn(
                    "{} has events written in one-item mode (since {}), and this store keeps it in two-item mode: its "
                            + "reads check the newest event as well as the row (one more read each) until `escqrs repair "
                            + "--two-item {}` has brought the rows up to date",
                    aggregateName,
                    marker.getOrDefault("since", AttributeValue.fromS("?")).s(),
                    aggregateName);
        }
        checked.put(aggregateName, present ? Instant.MAX : now);
        return present;
    }

    /** Removes the marker of {@code aggregateName}: once its rows are up to date and no writer uses one-item mode. */
    public void remove(String aggregateName) {
        String table = tables.aggregateTable(aggregateName);
        try {
            client.deleteItem(b -> b.tableName(table).key(rows.key(MARKER_ID)));
        } catch (SdkException e) {
            throw new EscqrsException(
                    "removing the one-item marker of %s from %s failed: %s"
                            .formatted(aggregateName, table, e.getMessage()),
                    e);
        }
        checked.remove(aggregateName);
    }

    /** Whether {@code aggregateId} (of a row) is a marker, not an aggregate. */
    public static boolean isMarker(String aggregateId) {
        return MARKER_ID.equals(aggregateId);
    }
}
