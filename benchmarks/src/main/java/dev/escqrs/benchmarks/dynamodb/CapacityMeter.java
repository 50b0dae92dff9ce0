package dev.escqrs.benchmarks.dynamodb;

import dev.escqrs.dynamodb.ItemLayout;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.util.Map;

/**
 * The capacity units DynamoDB would bill for what went over the wire, computed from the items' sizes by AWS's rules
 * (moto's own ConsumedCapacity figures are fixed values): a transactional write 2 WCU per KB per item, a by-name index
 * entry 1 WCU (keys only: under 1 KB), a consistent read 1 RCU per 4 KB (an eventually consistent one half; a Query
 * sums its items before rounding, GetItem and BatchGetItem round each item). The same rules as the Node script's.
 */
final class CapacityMeter implements ExecutionInterceptor {
    private static final double KB = 1024;
    private double wcu;
    private double rcu;

    void reset() {
        wcu = 0;
        rcu = 0;
    }

    double wcu() {
        return wcu;
    }

    double rcu() {
        return rcu;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        switch (context.request()) {
            case TransactWriteItemsRequest transaction -> {
                for (TransactWriteItem item : transaction.transactItems()) {
                    if (item.put() != null) {
                        Map<String, AttributeValue> written = item.put().item();
                        wcu += 2 * Math.ceil(ItemLayout.itemSize(written) / KB);
                        if (written.containsKey("b") || written.containsKey("byName")) { // the by-name index's key, either layout
                            wcu += 1;
                        }
                    } else if (item.conditionCheck() != null) {
                        wcu += 2; // a condition check is billed as a transactional write of the item it checks (small here)
                    }
                }
            }
            case GetItemRequest get when context.response() instanceof GetItemResponse response ->
                    rcu += units(response.hasItem() ? ItemLayout.itemSize(response.item()) : 0,
                            Boolean.TRUE.equals(get.consistentRead()));
            case QueryRequest query when context.response() instanceof QueryResponse response ->
                    rcu += units(response.items().stream().mapToLong(ItemLayout::itemSize).sum(),
                            Boolean.TRUE.equals(query.consistentRead()));
            case BatchGetItemRequest batch when context.response() instanceof BatchGetItemResponse response ->
                    response.responses().forEach((table, items) -> {
                        boolean consistent = Boolean.TRUE.equals(batch.requestItems().get(table).consistentRead());
                        items.forEach(item -> rcu += units(ItemLayout.itemSize(item), consistent));
                    });
            default -> {
            }
        }
    }

    private static double units(long bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / (4 * KB)));
        return consistent ? units : units / 2;
    }
}
