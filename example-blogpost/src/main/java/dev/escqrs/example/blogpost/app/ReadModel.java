package dev.escqrs.example.blogpost.app;

import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The published-posts read model as the service uses it: the runner that keeps it (when this process runs one: on
 * DynamoDB one replica of several holds its lease, the others stand by; a Lambda on the Stream may keep it instead),
 * its status for {@code /health} and {@code /metrics}, and read-your-writes.
 */
public final class ReadModel implements AutoCloseable {
    /** How long a read waits for a write it asked to see, at most. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
    /** Behind by more than this, the read model is reported degraded (and down, when it is failing too). */
    public static final Duration MAX_LAG = ServiceMetrics.HEALTHY_LAG;

    private static final Duration PROBE = Duration.ofMillis(100);
    private static final Duration SLICE = Duration.ofSeconds(1);

    private final ProjectionRunner runner;
    private final PublishedPosts published;
    private final ServiceMetrics metrics;
    private volatile ProjectionRunner.Running running;

    @Inject
    public ReadModel(ProjectionRunner runner, PublishedPosts published, ServiceMetrics metrics) {
        this.runner = runner;
        this.published = published;
        this.metrics = metrics;
    }

    /**
     * Starts keeping the read model in this process: a durable one resumes at its checkpoint, one in memory is built
     * from the store. {@code rebuild} forgets the model and its checkpoint first.
     */
    public synchronized ReadModel start(boolean rebuild) {
        if (running != null) {
            throw new IllegalStateException("the read model runs already");
        }
        if (rebuild) {
            runner.reset();
        }
        running = runner.start();
        metrics.watch(runner.name(), () -> reported(status()));
        return this;
    }

    /**
     * What {@code /metrics} reports of a runner: nothing (NaN) while it stands by, as for a runner that does not run
     * here; the replica that holds the lease reports the lag and health.
     */
    static Optional<ProjectionStatus> reported(Optional<ProjectionStatus> status) {
        return status.filter(s -> !standsBy(s));
    }

    /** Whether another replica runs it now. */
    static boolean standsBy(ProjectionStatus status) {
        return status.phase() == ProjectionRunner.Phase.STANDBY;
    }

    /** The running runner, when this process runs one. */
    public Optional<ProjectionRunner.Running> running() {
        return Optional.ofNullable(running);
    }

    /** The runner's status, when this process runs it (in {@code STANDBY} while another replica does). */
    public Optional<ProjectionStatus> status() {
        return Optional.ofNullable(running).map(ProjectionRunner.Running::status);
    }

    public PublishedPosts published() {
        return published;
    }

    /**
     * Waits (at most {@link #MAX_WAIT}) until the read model holds version {@code version} of post {@code id}. Where
     * this process keeps it, the runner wakes the wait at each batch; where another replica or a Lambda keeps it (this
     * runner stands by, or none runs here), it asks the read model itself every 100 ms.
     */
    public boolean awaitApplied(String id, long version) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            ProjectionRunner.Running r = running;
            long left = deadline - System.nanoTime();
            if (r != null && !standsBy(r.status())) {
                // a slice at a time: the lease may pass to another replica while this one waits
                if (r.awaitApplied(
                        BlogPosts.BLOG_POST, id, version, Duration.ofNanos(Math.min(left, SLICE.toNanos())))) {
                    return true;
                }
            } else if (published.appliedVersion(BlogPosts.BLOG_POST.name(), id) >= version) {
                return true;
            } else {
                LockSupport.parkNanos(Math.min(left, PROBE.toNanos()));
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
        }
    }

    /** Stops the runner; {@link #start} may run it again (a durable read model resumes, one in memory too). */
    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
