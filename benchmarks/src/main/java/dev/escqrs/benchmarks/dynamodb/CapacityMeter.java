package dev.escqrs.benchmarks.dynamodb;

import dev.escqrs.dynamodb.DynamoDbTables;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The capacity units DynamoDB would bill for what went over the wire, computed from the items' sizes by AWS's rules
 * (moto's own ConsumedCapacity figures are fixed values): a transactional write 2 WCU per KB per item, a standard write
 * ({@code PutItem}) 1 WCU per KB, a by-name index entry 1 WCU (keys only: under 1 KB), a consistent read 1 RCU per
 * 4 KB (an eventually consistent one half; a Query or Scan page sums its items before rounding, GetItem and
 * BatchGetItem round each item). A {@code PutItem} refused by its condition is billed as AWS bills it, as a write of
 * the larger of the item sent and the item it found; a cancelled transaction is not billed here (AWS does not document
 * what it bills for one), so a two-item lost race is a lower bound. The same rules as the Node scripts'.
 *
 * <p>It also adds up what the events table's {@code NEW_IMAGE} stream carries: the size of every item written there
 * ({@link #streamBytes()}), over {@link #eventsWritten()} items. Safe for a client used by several threads at once
 * (a runner's backfill reads its segments in parallel).
 */
final class CapacityMeter implements ExecutionInterceptor {
    private static final double KB = 1024;
    private final String eventsTable;
    private double wcu;
    private double rcu;
    private long streamBytes;
    private long eventsWritten;

    /** @param eventsTable the table whose written items count as stream bytes */
    CapacityMeter(String eventsTable) {
        this.eventsTable = eventsTable;
    }

    synchronized void reset() {
        wcu = 0;
        rcu = 0;
        streamBytes = 0;
        eventsWritten = 0;
    }

    synchronized double wcu() {
        return wcu;
    }

    synchronized double rcu() {
        return rcu;
    }

    /** The bytes of the items written to the events table: what its NEW_IMAGE stream carries. */
    synchronized long streamBytes() {
        return streamBytes;
    }

    /** The items written to the events table, one per event. */
    synchronized long eventsWritten() {
        return eventsWritten;
    }

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        switch (context.request()) {
            case PutItemRequest put -> wcu += written(put.tableName(), put.item(), 1);
            case TransactWriteItemsRequest transaction -> {
                for (TransactWriteItem item : transaction.transactItems()) {
                    if (item.put() != null) {
                        wcu += written(item.put().tableName(), item.put().item(), 2);
                    } else if (item.conditionCheck() != null) {
                        wcu += 2; // a condition check is billed as a transactional write of the item it checks (small
                        // here)
                    }
                }
            }
            case GetItemRequest get
            when context.response() instanceof GetItemResponse response ->
                rcu += units(
                        response.hasItem() ? DynamoDbTables.itemSize(response.item()) : 0,
                        Boolean.TRUE.equals(get.consistentRead()));
            case QueryRequest query
            when context.response() instanceof QueryResponse response ->
                rcu += units(
                        response.items().stream()
                                .mapToLong(DynamoDbTables::itemSize)
                                .sum(),
                        Boolean.TRUE.equals(query.consistentRead()));
            case BatchGetItemRequest batch
            when context.response() instanceof BatchGetItemResponse response ->
                response.responses().forEach((table, items) -> {
                    boolean consistent =
                            Boolean.TRUE.equals(batch.requestItems().get(table).consistentRead());
                    items.forEach(item -> rcu += units(DynamoDbTables.itemSize(item), consistent));
                });
            case ScanRequest scan
            when context.response() instanceof ScanResponse response ->
                rcu += units(
                        response.items().stream()
                                .mapToLong(DynamoDbTables::itemSize)
                                .sum(),
                        Boolean.TRUE.equals(scan.consistentRead()));
            default -> {}
        }
    }

    /** A refused {@code PutItem} writes nothing, and is billed as a write of the larger item, the sent or the found. */
    @Override
    public synchronized void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutItemRequest put
                && context.exception() instanceof ConditionalCheckFailedException refused) {
            long found = refused.hasItem() ? DynamoDbTables.itemSize(refused.item()) : 0;
            wcu += Math.ceil(Math.max(DynamoDbTables.itemSize(put.item()), found) / KB);
        }
    }

    /** The WCU of one item written ({@code perKb} 1 standard, 2 transactional), counting it as streamed if it is an event. */
    private double written(String table, Map<String, AttributeValue> item, int perKb) {
        long size = DynamoDbTables.itemSize(item);
        if (table.equals(eventsTable)) {
            streamBytes += size;
            eventsWritten++;
        }
        double units = perKb * Math.ceil(size / KB);
        if (item.containsKey("b") || item.containsKey("byName")) { // the by-name index's key, either layout
            units += 1;
        }
        return units;
    }

    private static double units(long bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / (4 * KB)));
        return consistent ? units : units / 2;
    }
}
