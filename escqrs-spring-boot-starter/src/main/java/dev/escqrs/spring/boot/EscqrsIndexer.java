package dev.escqrs.spring.boot;

import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * The change-feed indexer of this application ({@code escqrs.dynamodb.indexer.enabled=true}), started with the context
 * and stopped with it: under a lease, so that of several replicas one reads the Stream. {@link #status()} tells what it
 * did and how far behind it is.
 */
public final class EscqrsIndexer implements SmartLifecycle {
    private final DynamoDbIndexer indexer;
    private DynamoDbIndexer.Running running;

    public EscqrsIndexer(DynamoDbIndexer indexer) {
        this.indexer = Objects.requireNonNull(indexer, "indexer");
    }

    public DynamoDbIndexer.Status status() {
        return indexer.status();
    }

    /**
     * Its meters in {@code registry}: {@code escqrs.indexer.lag} (seconds since it last read the Stream to its end;
     * alarm on it), {@code escqrs.indexer.entries}, {@code escqrs.indexer.repeats} and {@code escqrs.indexer.failing}
     * (1 while its attempts fail).
     */
    void measure(MeterRegistry registry) {
        Gauge.builder(
                        "escqrs.indexer.lag",
                        this,
                        self -> self.status()
                                .lag(Instant.now())
                                .map(lag -> lag.toMillis() / 1000.0)
                                .orElse(Double.NaN))
                .baseUnit("seconds")
                .description("time since the indexer last read the Stream to its end")
                .register(registry);
        FunctionCounter.builder(
                        "escqrs.indexer.entries", this, self -> self.status().entries())
                .description("events appended to the change-feed index here")
                .register(registry);
        FunctionCounter.builder(
                        "escqrs.indexer.repeats", this, self -> self.status().repeats())
                .description("redelivered events the index held already")
                .register(registry);
        Gauge.builder(
                        "escqrs.indexer.failing",
                        this,
                        self -> self.status().lastFailure().isPresent() ? 1 : 0)
                .description("1 while the indexer's attempts fail")
                .register(registry);
    }

    @Override
    public synchronized void start() {
        if (running == null) {
            running = indexer.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running != null;
    }
}
