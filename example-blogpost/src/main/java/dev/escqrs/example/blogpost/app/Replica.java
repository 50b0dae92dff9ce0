package dev.escqrs.example.blogpost.app;

import dev.escqrs.core.port.Leases;
import dev.escqrs.core.projection.ProjectionRunner;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * This process among the service's replicas (the tasks of deploy/template.yaml): its name, and the leases that its
 * durable runners run under, so that of several replicas one runs the published-posts read model, one the author-stats
 * workflow (and, where it runs here, the indexer), and the others stand by ({@code ProjectionRunner.Phase.STANDBY}),
 * taking over within {@link #LEASE} when the holder dies, at once when it stops. {@link #alone()}: no leases, every
 * runner runs where it is started (in memory, where each process has a store of its own).
 */
public final class Replica {
    /** How long a lease lasts without renewal: a dead replica's runners move to another after about this long. */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private final Optional<Leases> leases;
    private final String name;

    private Replica(Optional<Leases> leases, String name) {
        this.leases = leases;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A process with no other replica to share its runners with. */
    public static Replica alone() {
        return new Replica(Optional.empty(), Leases.holderName());
    }

    /** One of several replicas that share their runners through {@code leases}, under a name of its own. */
    public static Replica among(Leases leases) {
        return new Replica(Optional.of(Objects.requireNonNull(leases, "leases")), Leases.holderName());
    }

    /** This replica's name among the lease holders: the host name (a task's own on ECS), the process id, a random part. */
    public String name() {
        return name;
    }

    /** The leases shared with the other replicas; empty when alone. */
    public Optional<Leases> leases() {
        return leases;
    }

    /** {@code runner} under the lease named after it, when this replica shares its runners; else as it is. */
    public ProjectionRunner.Builder lease(ProjectionRunner.Builder runner) {
        leases.ifPresent(l -> runner.lease(l, name, LEASE));
        return runner;
    }

    @Override
    public String toString() {
        return leases.isPresent() ? "replica " + name + " (runners under leases)" : "replica " + name + " (alone)";
    }
}
