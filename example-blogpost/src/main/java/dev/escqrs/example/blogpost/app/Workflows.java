package dev.escqrs.example.blogpost.app;

import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * The service's reactions, run in this process like the read model ({@link AuthorStats}): a runner that catches up
 * from the store, then follows the change feed, resuming at the checkpoint in the reaction's ledger; under the
 * {@link Replica}'s lease, so that of several replicas one reacts. A Lambda on the Stream may run it instead
 * ({@code AuthorStatsLambda}, not in deploy/template.yaml).
 */
public final class Workflows implements AutoCloseable {
    private final ProjectionRunner runner;
    private final Reactor reactor;
    private final ServiceMetrics metrics;
    private volatile ProjectionRunner.Running running;

    @Inject
    public Workflows(
            Reactor reactor,
            EventStore store,
            ChangeFeed feed,
            ServiceMetrics metrics,
            Parking parking,
            Replica replica) {
        this.reactor = reactor;
        this.metrics = metrics;
        ProjectionSpec spec = ProjectionSpec.builder(reactor.name(), reactor)
                .aggregates(BlogPosts.BLOG_POST)
                .store(store)
                .observer(metrics)
                .badRecords(BadRecords.PARK)
                .parking(parking)
                .build();
        this.runner = replica.lease(ProjectionRunner.builder(spec).feed(feed).pollInterval(Duration.ofMillis(200)))
                .build();
    }

    /** Starts the reactor's runner here. */
    public synchronized Workflows start() {
        if (running != null) {
            throw new IllegalStateException("the workflows run already");
        }
        running = runner.start();
        metrics.watch(runner.name(), () -> ReadModel.reported(status()));
        return this;
    }

    /** The runner's status, when this process runs it (in {@code STANDBY} while another replica does). */
    public Optional<ProjectionStatus> status() {
        return Optional.ofNullable(running).map(ProjectionRunner.Running::status);
    }

    /** The running runner, when this process runs one. */
    public Optional<ProjectionRunner.Running> running() {
        return Optional.ofNullable(running);
    }

    public Reactor reactor() {
        return reactor;
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
