package dev.escqrs.testkit.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the DynamoDB requests a client sends, per operation, and the bytes of request and response bodies: what a
 * command really costs, measured on the wire rather than taken from {@code ReturnConsumedCapacity} (moto returns
 * fixed numbers there). Add it to a client with {@code overrideConfiguration(c -> c.addExecutionInterceptor(counter))}.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final AtomicLong requestBytes = new AtomicLong();
    private final AtomicLong responseBytes = new AtomicLong();
    private final List<SdkRequest> sent = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        sent.add(context.request());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        requests.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        context.requestBody().flatMap(b -> b.optionalContentLength()).ifPresent(requestBytes::addAndGet);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        context.httpResponse()
                .firstMatchingHeader("Content-Length")
                .ifPresent(length -> responseBytes.addAndGet(Long.parseLong(length)));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // a refused request (a failed condition) still costs its response: count it too
        context.httpResponse()
                .flatMap(r -> r.firstMatchingHeader("Content-Length"))
                .ifPresent(length -> responseBytes.addAndGet(Long.parseLong(length)));
    }

    /** Requests sent since the last reset, all operations. */
    public long total() {
        return requests.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Requests of one operation ("GetItem", "TransactWriteItems", "Query", ...) since the last reset. */
    public long count(String operation) {
        AtomicLong count = requests.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Operation names to counts, a copy. */
    public Map<String, Long> counts() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        requests.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** The SDK requests made since the last reset (each once, however often it was sent), a copy. */
    public List<SdkRequest> requests() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    public long requestBytes() {
        return requestBytes.get();
    }

    public long responseBytes() {
        return responseBytes.get();
    }

    public void reset() {
        requests.clear();
        requestBytes.set(0);
        responseBytes.set(0);
        sent.clear();
    }
}
