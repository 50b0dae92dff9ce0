package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.dynamodb.internal.IndexChunks;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The index's chunk items as written: how many, their entries, their bytes as DynamoDB sizes an item, and the WCU
 * a standard write of each is billed (1 per started KB).
 */
final class ChunkMeter implements ExecutionInterceptor {
    private final String indexTable;
    private long items;
    private long entries;
    private long bytes;
    private long wcu;

    ChunkMeter(String indexTable) {
        this.indexTable = indexTable;
    }

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutItemRequest put
                && put.tableName().equals(indexTable)
                && put.item().containsKey(IndexChunks.ENTRIES)) {
            long size = DynamoDbTables.itemSize(put.item());
            items++;
            entries += put.item().get(IndexChunks.ENTRIES).l().size();
            bytes += size;
            wcu += (size + 1023) / 1024;
        }
    }

    synchronized void reset() {
        items = 0;
        entries = 0;
        bytes = 0;
        wcu = 0;
    }

    synchronized ObjectNode toJson(ObjectMapper json) {
        return json.createObjectNode()
                .put("items", items)
                .put("entries", entries)
                .put("bytes", bytes)
                .put("wcu", wcu);
    }
}
