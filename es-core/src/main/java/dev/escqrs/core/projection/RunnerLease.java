package dev.escqrs.core.projection;

import dev.escqrs.core.internal.runtime.LeaseHold;
import dev.escqrs.core.projection.ProjectionRunner.Phase;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A started runner's lease ({@link ProjectionRunner.Builder#lease}): of several replicas, the one that holds it runs,
 * the others stand by. A runner without one always runs.
 */
final class RunnerLease {
    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class.getName());

    private final String name;
    private final Optional<LeaseHold> lease;
    private final Projector projector;
    private final RunnerStatus status;

    RunnerLease(RunnerParts parts, RunnerStatus status) {
        this.name = parts.name();
        this.lease = parts.lease();
        this.projector = parts.projector();
        this.status = status;
    }

    /**
     * Whether this runner holds its lease now. Newly taken ({@link LeaseHold.Hold#TAKEN}), the runner starts over from
     * the saved checkpoint with no cached version, since the holder before it moved both on; not held, it stands by.
     */
    LeaseHold.Hold hold() {
        if (lease.isEmpty()) {
            return LeaseHold.Hold.HELD;
        }
        LeaseHold.Hold hold = lease.get().hold();
        switch (hold) {
            case HELD -> {}
            case TAKEN -> {
                LOG.info("projection %s: %s took the lease; resuming at the saved checkpoint"
                        .formatted(name, lease.get().holder()));
                projector.forgetCachedVersions();
            }
            case NOT_HELD -> status.enter(Phase.STANDBY);
        }
        return hold;
    }

    /** How long a runner without the lease waits before it asks again. */
    Duration retryEvery() {
        return lease.orElseThrow().retryEvery();
    }

    /** Lets the next replica take over at once, not at expiry. */
    void release() {
        lease.ifPresent(LeaseHold::release);
    }
}
