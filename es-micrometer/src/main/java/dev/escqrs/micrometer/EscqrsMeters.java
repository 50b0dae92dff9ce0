package dev.escqrs.micrometer;

import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.core.reaction.ReactionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * escqrs's observers as Micrometer meters, in any registry (named for Prometheus here):
 * <ul>
 *   <li>{@code escqrs_commands_seconds} (a histogram, with {@code _count}): commands by {@code aggregate},
 *       {@code command} and {@code outcome} (appended, no_op, refused, conflict, gave_up, failed, replayed);</li>
 *   <li>{@code escqrs_command_conflicts_total}: commands refused for a stale expected version or a taken id;</li>
 *   <li>{@code escqrs_command_retries_total}: races lost to another writer and decided again;</li>
 *   <li>{@code escqrs_store_requests_seconds}: DynamoDB requests by {@code operation} and {@code outcome};</li>
 *   <li>{@code escqrs_projection_events_applied_total}, {@code escqrs_projection_failures_total} and
 *       {@code escqrs_projection_heals_total} (by {@code reason}): what each {@code projection}'s runner did;</li>
 *   <li>{@code escqrs_reaction_commands_total}: commands sent by each {@code reaction}, by {@code outcome} (sent,
 *       duplicate, refused, failed); alarm on refused and failed;</li>
 *   <li>{@code escqrs_projection_parked_total} and {@code escqrs_projection_unparked_total}: aggregates each
 *       {@code projection} (or reaction) parked, or whose retry failed again, and unparked
 *       ({@link dev.escqrs.core.projection.BadRecords#PARK}); alarm on the first;</li>
 *   <li>{@code escqrs_projection_lag_seconds}: how far each watched projection may be behind the store (see
 *       {@link ProjectionStatus}), {@code escqrs_projection_healthy} (1 or 0) and
 *       {@code escqrs_projection_parked_aggregates}: how many aggregates it holds parked now.</li>
 * </ul>
 * Give one instance to every builder's {@code observer(...)}: command handlers, the DynamoDB module or clients, each
 * {@code ProjectionSpec} and {@code Reactor}.
 */
public final class EscqrsMeters implements CommandObserver, RequestObserver, ProjectionObserver, ReactionObserver {
    /** The lag up to which {@code escqrs_projection_healthy} is 1. */
    public static final Duration HEALTHY_LAG = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    // built once; each call only looks its tags up (a builder per command was work on the hot path)
    private final Meter.MeterProvider<Timer> commands;
    private final Meter.MeterProvider<Counter> conflicts;
    private final Meter.MeterProvider<Counter> retries;
    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Counter> projectionApplied;
    private final Meter.MeterProvider<Counter> projectionFailures;
    private final Meter.MeterProvider<Counter> projectionHeals;
    private final Meter.MeterProvider<Counter> reactionCommands;
    private final Meter.MeterProvider<Counter> parked;
    private final Meter.MeterProvider<Counter> unparked;

    public EscqrsMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        commands = Timer.builder("escqrs.commands")
                .description("commands handled, by outcome")
                .publishPercentileHistogram()
                .withRegistry(registry);
        conflicts = Counter.builder("escqrs.command.conflicts")
                .description("stale expected versions and taken ids")
                .withRegistry(registry);
        retries = Counter.builder("escqrs.command.retries")
                .description("races lost to another writer, decided again")
                .withRegistry(registry);
        requests = Timer.builder("escqrs.store.requests")
                .description("requests to the store's database")
                .withRegistry(registry);
        projectionApplied = Counter.builder("escqrs.projection.events.applied")
                .description("events applied to a read model")
                .withRegistry(registry);
        projectionFailures = Counter.builder("escqrs.projection.failures")
                .description("failed attempts of a read model's runner (each tried again)")
                .withRegistry(registry);
        projectionHeals = Counter.builder("escqrs.projection.heals")
                .description("lost change feed positions healed by catching up from the store")
                .withRegistry(registry);
        reactionCommands = Counter.builder("escqrs.reaction.commands")
                .description("commands sent by reactions, by outcome: sent, duplicate, refused, failed")
                .withRegistry(registry);
        parked = Counter.builder("escqrs.projection.parked")
                .description("aggregates parked, or whose retry failed again, by a read model or reaction")
                .withRegistry(registry);
        unparked = Counter.builder("escqrs.projection.unparked")
                .description("parked aggregates whose events were then applied")
                .withRegistry(registry);
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void finished(String aggregateName, String commandType, Outcome outcome, int attempts, Duration took) {
        commands.withTags("aggregate", aggregateName, "command", commandType, "outcome", lower(outcome))
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
        requests.withTags("operation", operation, "outcome", failed ? "failed" : "ok")
                .record(took);
    }

    @Override
    public void applied(String projection, long events) {
        projectionApplied.withTags("projection", projection).increment(events);
    }

    @Override
    public void failed(String projection, Throwable failure) {
        projectionFailures.withTags("projection", projection).increment();
    }

    @Override
    public void healing(String projection, FeedPositionLostException.Reason reason) {
        projectionHeals
                .withTags("projection", projection, "reason", lower(reason))
                .increment();
    }

    @Override
    public void parked(String projection, ParkedAggregate entry) {
        parked.withTags("projection", projection).increment();
    }

    @Override
    public void unparked(String projection, String aggregateName, String aggregateId) {
        unparked.withTags("projection", projection).increment();
    }

    @Override
    public void delivered(
            String reaction,
            AggregateEvent<?> cause,
            String commandType,
            Delivery delivery,
            Optional<Throwable> error) {
        reactionCommands
                .withTags("reaction", reaction, "command", commandType, "outcome", lower(delivery))
                .increment();
    }

    /**
     * Gauges of projection {@code name}'s lag and health, read from {@code status} at each scrape (no value while it
     * is empty: the runner is not running here). Watching a name again keeps the first supplier.
     */
    public void watch(String name, Supplier<Optional<ProjectionStatus>> status) {
        Gauge.builder(
                        "escqrs.projection.lag",
                        status,
                        s -> s.get().map(p -> p.lag().toNanos() / 1e9).orElse(Double.NaN))
                .baseUnit("seconds")
                .description("how far the read model may be behind the store")
                .tag("projection", name)
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "escqrs.projection.healthy",
                        status,
                        s -> s.get()
                                .map(p -> p.isHealthy(HEALTHY_LAG) ? 1.0 : 0.0)
                                .orElse(Double.NaN))
                .description("1 while the read model is tailing, not failing and at most 30 s behind")
                .tag("projection", name)
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "escqrs.projection.parked.aggregates",
                        status,
                        s -> s.get().map(p -> (double) p.parked()).orElse(Double.NaN))
                .description("aggregates the read model or reaction holds parked now: an operator should look")
                .tag("projection", name)
                .strongReference(true)
                .register(registry);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
