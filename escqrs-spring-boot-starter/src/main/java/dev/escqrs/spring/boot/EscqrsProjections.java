package dev.escqrs.spring.boot;

import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.projection.DurableProjection;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.ProjectionStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.springframework.context.SmartLifecycle;

/**
 * A {@link ProjectionRunner} for each {@link ProjectionSpec} bean, started with the application context and closed
 * with it. Each runner catches up from the store, then follows the change feed; its status is in
 * {@link #status(String)}, the health endpoint and the meters.
 *
 * <p>With {@code escqrs.projections.enabled=false} (the read models run on Lambda or KCL) the bean is still there, so
 * that beans injecting it start, but it runs nothing: {@link #runsHere()} is false and {@link #status(String)} empty.
 */
public final class EscqrsProjections implements SmartLifecycle {
    private static final Logger LOG = Logger.getLogger(EscqrsProjections.class.getName());

    private final Map<String, ProjectionRunner> runners = new LinkedHashMap<>();
    private final Map<String, ProjectionRunner.Running> running = new LinkedHashMap<>();
    private final boolean runsHere;

    /** Runners that run here, started with the context. */
    public EscqrsProjections(
            List<ProjectionSpec> specs, ChangeFeed feed, Duration pollInterval, ProjectionObserver also) {
        this(specs, feed, pollInterval, also, true);
    }

    /**
     * @param also     told of what every runner does beside each spec's own observer (the starter's meters)
     * @param runsHere false: the runners are made (their specs checked) but never started
     *                 ({@code escqrs.projections.enabled=false})
     */
    public EscqrsProjections(
            List<ProjectionSpec> specs,
            ChangeFeed feed,
            Duration pollInterval,
            ProjectionObserver also,
            boolean runsHere) {
        this(specs, feed, pollInterval, also, runsHere, null, null, null);
    }

    /**
     * As above, with each durable projection and reaction run under a lease named after it in {@code leases}, held as
     * {@code holder} for {@code leaseDuration} ({@code escqrs.projections.lease.*}); {@code leases} null: no lease.
     */
    public EscqrsProjections(
            List<ProjectionSpec> specs,
            ChangeFeed feed,
            Duration pollInterval,
            ProjectionObserver also,
            boolean runsHere,
            Leases leases,
            String holder,
            Duration leaseDuration) {
        this.runsHere = runsHere;
        for (ProjectionSpec spec : specs) {
            ProjectionSpec observed =
                    also == ProjectionObserver.NONE ? spec : spec.withObserver(both(spec.observer(), also));
            ProjectionRunner.Builder runner =
                    ProjectionRunner.builder(observed).feed(feed).pollInterval(pollInterval);
            if (leases != null && spec.projection() instanceof DurableProjection) {
                runner.lease(leases, holder, leaseDuration);
            }
            if (runners.put(spec.name(), runner.build()) != null) {
                throw new EscqrsConfigurationException(
                        "two projections are named " + spec.name(),
                        "give each "
                                + "ProjectionSpec bean and EscqrsReaction bean its own name: the name is its checkpoint's");
            }
        }
    }

    private static ProjectionObserver both(ProjectionObserver first, ProjectionObserver second) {
        return new ProjectionObserver() {
            @Override
            public void applied(String projection, long events) {
                first.applied(projection, events);
                second.applied(projection, events);
            }

            @Override
            public void failed(String projection, Throwable failure) {
                first.failed(projection, failure);
                second.failed(projection, failure);
            }

            @Override
            public void healing(String projection, FeedPositionLostException.Reason reason) {
                first.healing(projection, reason);
                second.healing(projection, reason);
            }
        };
    }

    /** The names of the projections run here. */
    public List<String> names() {
        return List.copyOf(runners.keySet());
    }

    /**
     * Whether the projections run in this application: false with {@code escqrs.projections.enabled=false}, where
     * they run elsewhere (Lambda, KCL) and {@link #status} is always empty.
     */
    public boolean runsHere() {
        return runsHere;
    }

    /**
     * The status of projection {@code name} while it runs; empty before the start, after the stop, when the
     * projections do not run here ({@link #runsHere()}), or unknown.
     */
    public synchronized Optional<ProjectionStatus> status(String name) {
        return Optional.ofNullable(running.get(name)).map(ProjectionRunner.Running::status);
    }

    /** The running runner of {@code name} (to wait for a version with {@code awaitApplied}), while it runs. */
    public synchronized Optional<ProjectionRunner.Running> running(String name) {
        return Optional.ofNullable(running.get(name));
    }

    @Override
    public synchronized void start() {
        if (!runsHere) {
            if (!runners.isEmpty()) {
                LOG.info(() -> "escqrs.projections.enabled=false: projections %s are not run here (they run where the "
                                .formatted(runners.keySet())
                        + "read models are deployed: Lambda, KCL)");
            }
            return;
        }
        runners.forEach((name, runner) -> running.computeIfAbsent(name, n -> runner.start()));
    }

    @Override
    public synchronized void stop() {
        running.values().forEach(ProjectionRunner.Running::close);
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    @Override
    public String toString() {
        return "EscqrsProjections" + names() + (runsHere ? "" : " (not run here: escqrs.projections.enabled=false)");
    }
}
