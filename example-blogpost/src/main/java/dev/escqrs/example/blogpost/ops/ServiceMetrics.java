package dev.escqrs.example.blogpost.ops;

import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.port.RequestObserver;
import io.micrometer.core.instrument.Counter;
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

    @Override
    public void finished(String aggregateName, String commandType, Outcome outcome, int attempts, Duration took) {
        Timer.builder("escqrs.commands")
                .description("commands handled, by outcome")
                .tag("aggregate", aggregateName).tag("command", commandType).tag("outcome", outcome.name().toLowerCase())
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
        if (outcome == Outcome.CONFLICT) {
            Counter.builder("escqrs.command.conflicts").description("stale expected versions and taken ids")
                    .tag("aggregate", aggregateName).register(registry).increment();
        }
    }

    @Override
    public void retrying(String aggregateName, String commandType, int attempt) {
        Counter.builder("escqrs.command.retries").description("races lost to another writer, decided again")
                .tag("aggregate", aggregateName).tag("command", commandType).register(registry).increment();
    }

    @Override
    public void request(String operation, boolean failed, Duration took) {
        Timer.builder("escqrs.store.requests").description("requests to the store's database")
                .tag("operation", operation).tag("outcome", failed ? "failed" : "ok")
                .register(registry)
                .record(took);
    }

    /** Everything, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }
}
