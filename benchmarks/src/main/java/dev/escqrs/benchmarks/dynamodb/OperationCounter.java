package dev.escqrs.benchmarks.dynamodb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Requests and request bytes by operation, as {@link PrivacyCost} counts them; those on the data keys table
 * ({@code ...-keys}) under "keys:" and the operation.
 */
final class OperationCounter implements ExecutionInterceptor {
    final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        boolean keysTable = context.request()
                .getValueForField("TableName", String.class)
                .filter(table -> table.endsWith("-keys"))
                .isPresent();
        String key = keysTable ? "keys:" + operation : operation;
        requests.computeIfAbsent(key, o -> new AtomicLong()).incrementAndGet();
        long size =
                context.requestBody().flatMap(b -> b.optionalContentLength()).orElse(0L);
        bytes.computeIfAbsent(key, o -> new AtomicLong()).addAndGet(size);
    }

    long keyTableRequests() {
        return requests.entrySet().stream()
                .filter(e -> e.getKey().startsWith("keys:"))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    void reset() {
        requests.clear();
        bytes.clear();
    }

    long requests(String... operations) {
        long sum = 0;
        for (String op : operations) {
            sum += requests.getOrDefault(op, new AtomicLong()).get();
        }
        return sum;
    }

    long bytes(String... operations) {
        long sum = 0;
        for (String op : operations) {
            sum += bytes.getOrDefault(op, new AtomicLong()).get();
        }
        return sum;
    }
}
