package dev.escqrs.core.projection;

import dev.escqrs.core.port.Lease;
import dev.escqrs.core.port.Leases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A runner's hold on its lease: renewed when a third of it has passed, so that one or two failed renewals in a row
 * still keep it; lost when another holder took it.
 */
final class RunnerLease {
    private final Leases leases;
    private final String name;
    private final String holder;
    private final Duration duration;
    private final Clock clock;
    private Lease held;
    private Instant renewAt = Instant.MIN;

    RunnerLease(Leases leases, String name, String holder, Duration duration, Clock clock) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.name = Objects.requireNonNull(name, "name");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.duration = Objects.requireNonNull(duration, "duration");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What happened at {@link #hold()}: still held, newly taken (the state may have moved on elsewhere), or not held. */
    enum Hold { HELD, TAKEN, NOT_HELD }

    Hold hold() {
        Instant now = clock.instant();
        if (held != null && now.isBefore(renewAt)) {
            return Hold.HELD;
        }
        Optional<Lease> got = leases.acquire(name, holder, duration);
        if (got.isEmpty()) {
            held = null;
            return Hold.NOT_HELD;
        }
        boolean taken = held == null || held.token() != got.get().token();
        held = got.get();
        renewAt = now.plus(duration.dividedBy(3));
        return taken ? Hold.TAKEN : Hold.HELD;
    }

    /** How long a runner without the lease waits before it asks again. */
    Duration retryEvery() {
        return duration.dividedBy(3);
    }

    String holder() {
        return holder;
    }

    void release() {
        if (held != null) {
            held = null;
            leases.release(name, holder);
        }
    }
}
