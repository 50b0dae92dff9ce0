package dev.escqrs.example.blogpost.ops;

import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.micrometer.EscqrsMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * escqrs's meters ({@link EscqrsMeters}, es-micrometer: commands, store requests, projections, reactions, and the
 * lag and health of each watched read model) in a Prometheus registry, scraped as Prometheus text at
 * {@code GET /metrics}.
 */
public final class ServiceMetrics implements CommandObserver, RequestObserver, ProjectionObserver, ReactionObserver {
    /** The lag up to which {@code escqrs_projection_healthy} is 1. */
    public static final Duration HEALTHY_LAG = EscqrsMeters.HEALTHY_LAG;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EscqrsMeters meters = new EscqrsMeters(registry);

    @Override
    public void delivered(
            String reaction,
            AggregateEvent<?> cause,
            String commandType,
            Delivery delivery,
            Optional<Throwable> error) {
        meters.delivered(reaction, cause, commandType, delivery, error);
    }

    @Override
    public void applied(String projection, long events) {
        meters.applied(projection, events);
    }

    @Override
    public void failed(String projection, Throwable failure) {
        meters.failed(projection, failure);
    }

    @Override
    public void healing(String projection, FeedPositionLostException.Reason reason) {
        meters.healing(projection, reason);
    }

    /** See {@link EscqrsMeters#watch}. */
    public void watch(String name, Supplier<Optional<ProjectionStatus>> status) {
        meters.watch(name, status);
    }

    @Override
    public void finished(String aggregateName, String commandType, Outcome outcome, int attempts, Duration took) {
        meters.finished(aggregateName, commandType, outcome, attempts, took);
    }

    @Override
    public void retrying(String aggregateName, String commandType, int attempt) {
        meters.retrying(aggregateName, commandType, attempt);
    }

    @Override
    public void request(String operation, boolean failed, Duration took) {
        meters.request(operation, failed, took);
    }

    /** Everything, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }
}
