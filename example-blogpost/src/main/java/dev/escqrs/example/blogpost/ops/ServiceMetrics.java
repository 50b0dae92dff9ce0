package dev.escqrs.example.blogpost.ops;

import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.port.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/**
 * escqrs's observers bound to Micrometer, scraped as Prometheus text at {@code GET /metrics}:
 * <ul>
 *   <li>{@code escqrs_commands_seconds} (a histogram, with {@code _count}): commands by {@code aggregate},
 *       {@code command} and {@code outcome} (appended, no_op, refused, conflict, gave_up, failed);</li>
 *   <li>{@code escqrs_command_conflicts_total}: commands refused for a stale expected version or a taken id;</li>
 *   <li>{@code escqrs_command_retries_total}: races lost to another writer and decided again;</li>
 *   <li>{@code escqrs_store_requests_seconds}: DynamoDB requests by {@code operation} and {@code outcome}.</li>
 * </ul>
 */
public final class ServiceMetrics implements CommandObserver, RequestObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // built once; each call only looks its tags up (a builder per command was work on the hot path)
    private final Meter.MeterProvider<Timer> commands = Timer.builder("escqrs.commands")
            .description("commands handled, by outcome").publishPercentileHistogram().withRegistry(registry);
    private final Meter.MeterProvider<Counter> conflicts = Counter.builder("escqrs.command.conflicts")
            .description("stale expected versions and taken ids").withRegistry(registry);
    private final Meter.MeterProvider<Counter> retries = Counter.builder("escqrs.command.retries")
            .description("races lost to another writer, decided again").withRegistry(registry);
    private final Meter.MeterProvider<Timer> requests = Timer.builder("escqrs.store.requests")
            .description("requests to the store's database").withRegistry(registry);

    @Override
    public void finished(String aggregateName, String commandType, Outcome outcome, int attempts, Duration took) {
        commands.withTags("aggregate", aggregateName, "command", commandType, "outcome", outcome.name().toLowerCase())
                .record(took);
        if (outcome == Outcome.CONFLICT) {
            conflicts.withTags("aggregate", aggregateName).increment();
        }
    }

    @Override
    public void retrying(String aggregateName, String commandType, int attempt) {
        retries.withTags("aggregate", aggregateName, "command", commandType).increment();
    }

    @Override
    public void request(String operation, boolean failed, Duration took) {
        requests.withTags("operation", operation, "outcome", failed ? "failed" : "ok").record(took);
    }

    /** Everything, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }
}
