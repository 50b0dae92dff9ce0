package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.internal.Pauses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The events table's items for a sequence of keys, in the keys' order, {@value #MAX_KEYS} keys per
 * {@code BatchGetItem}. Keys DynamoDB leaves unprocessed (throttling, the 16 MB response limit) are asked for again
 * under the store's {@link RetryPolicy}, as throttled writes are; a key an eventually consistent read does not find
 * (the index saw an event before the replica did) is read again consistently. A key that is not in the table even then is an error: the index only lists what the
 * table holds.
 */
public final class BatchedGets implements Iterator<Map<String, AttributeValue>> {
    public static final int MAX_KEYS = 100;

    private final DynamoDbClient client;
    private final String table;
    private final EventItems names;
    private final Iterator<Map<String, AttributeValue>> keys;
    private final boolean consistent;
    private final RetryPolicy retryPolicy;
    private final Deque<Map<String, AttributeValue>> ready = new ArrayDeque<>();
    /** What listed the keys, for the error when the table lacks one ("the by-name index"). */
    private final String source;

    private BatchedGets(
            DynamoDbClient client,
            String table,
            EventItems names,
            Iterator<Map<String, AttributeValue>> keys,
            boolean consistent,
            RetryPolicy retryPolicy,
            String source) {
        this.source = source;
        this.client = client;
        this.table = table;
        this.names = names;
        this.keys = keys;
        this.consistent = consistent;
        this.retryPolicy = retryPolicy;
    }

    /** {@code names}: the table's layout, whose key attributes {@code keys} hold. */
    public static Stream<Map<String, AttributeValue>> of(
            DynamoDbClient client,
            String table,
            EventItems names,
            Iterator<Map<String, AttributeValue>> keys,
            boolean consistent,
            RetryPolicy retryPolicy,
            String source) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        new BatchedGets(client, table, names, keys, consistent, retryPolicy, source),
                        Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty() && keys.hasNext()) {
            fill();
        }
        return !ready.isEmpty();
    }

    @Override
    public Map<String, AttributeValue> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.removeFirst();
    }

    private void fill() {
        List<Map<String, AttributeValue>> batch = new ArrayList<>(MAX_KEYS);
        while (batch.size() < MAX_KEYS && keys.hasNext()) {
            batch.add(keys.next());
        }
        Map<String, Map<String, AttributeValue>> found = get(batch, consistent);
        if (found.size() < batch.size() && !consistent) {
            found.putAll(get(
                    batch.stream().filter(key -> !found.containsKey(id(key))).toList(), true));
        }
        for (Map<String, AttributeValue> key : batch) {
            Map<String, AttributeValue> item = found.get(id(key));
            if (item == null) {
                throw new IllegalStateException("%s of %s lists %s v%s, which the table does not hold: an event was "
                                .formatted(
                                        source,
                                        table,
                                        key.get(names.streamId()).s(),
                                        key.get(names.version()).n())
                        + "deleted by hand");
            }
            ready.addLast(item);
        }
    }

    private Map<String, Map<String, AttributeValue>> get(
            List<Map<String, AttributeValue>> batch, boolean consistentRead) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, KeysAndAttributes> pending = Map.of(
                table,
                KeysAndAttributes.builder()
                        .keys(batch)
                        .consistentRead(consistentRead)
                        .build());
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > retryPolicy.maxAttempts()) {
                throw new StoreUnavailableException(
                        "reading %d events of %s: DynamoDB left keys unprocessed %d times"
                                .formatted(batch.size(), table, retryPolicy.maxAttempts()),
                        null);
            }
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = ReadFailures.guard(
                    table,
                    () -> "a batch of events of " + table,
                    () -> client.batchGetItem(b -> b.requestItems(request)));
            response.responses().getOrDefault(table, List.of()).forEach(item -> found.put(id(item), item));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!pending.isEmpty() && attempt < retryPolicy.maxAttempts()) {
                Pauses.sleep(
                        Pauses.after(
                                retryPolicy.baseDelay(), retryPolicy.maxDelay(), attempt, ThreadLocalRandom.current()),
                        "waiting to ask for unprocessed keys");
            }
        }
        return found;
    }

    private String id(Map<String, AttributeValue> keyOrItem) {
        return keyOrItem.get(names.streamId()).s()
                + '\u0000'
                + keyOrItem.get(names.version()).n();
    }
}
