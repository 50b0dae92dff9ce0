package dev.escqrs.cli;

import dev.escqrs.core.error.EscqrsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The threads an {@link Audit} reads with, one per segment: each segment of a parallel {@code Scan}, and the reads of
 * single aggregates. A read that throws fails the run with that exception (a checked one wrapped).
 */
final class ReadPool implements AutoCloseable {
    private final DynamoDbClient client;
    private final int segments;
    private final ExecutorService pool;

    ReadPool(DynamoDbClient client, int segments) {
        this.client = client;
        this.segments = segments;
        this.pool = Executors.newFixedThreadPool(segments, runnable -> {
            Thread thread = new Thread(runnable, "escqrs-verify");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Every segment of {@code request} in parallel, each item handed to {@code each} (from several threads). */
    void scan(ScanRequest request, Consumer<Map<String, AttributeValue>> each) {
        List<Callable<Optional<Finding>>> parts = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            ScanRequest part =
                    request.toBuilder().segment(segment).totalSegments(segments).build();
            parts.add(() -> {
                client.scanPaginator(part).items().forEach(each);
                return Optional.empty();
            });
        }
        all(parts);
    }

    /** The results of {@code tasks}, run in parallel, in their order. */
    <T> List<T> all(List<Callable<T>> tasks) {
        List<T> results = new ArrayList<>(tasks.size());
        try {
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EscqrsException("verify was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EscqrsException("verify failed: " + e.getCause(), e.getCause());
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
