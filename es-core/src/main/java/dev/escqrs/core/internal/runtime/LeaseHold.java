package dev.escqrs.core.internal.runtime;

import dev.escqrs.core.port.Lease;
import dev.escqrs.core.port.Leases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A runner's hold on its lease (a projection runner's, the indexer's): renewed when a third of it has passed, so that
 * one or two failed renewals in a row still keep it; lost when another holder took it.
 */
public final class LeaseHold {
    private final Leases leases;
    private final String name;
    private final String holder;
    private final Duration duration;
    private final Clock clock;
    private Lease held;
    private Instant renewAt = Instant.MIN;

    public LeaseHold(Leases leases, String name, String holder, Duration duration, Clock clock) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.name = Objects.requireNonNull(name, "name");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.duration = Objects.requireNonNull(duration, "duration");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What happened at {@link #hold()}: still held, newly taken (the state may have moved on elsewhere), or not held. */
    public enum Hold {
        HELD,
        TAKEN,
        NOT_HELD
    }

    public Hold hold() {
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

    /** {@code duration}, when a lease may last that long: 30 ms or more. */
    public static Duration requireValidDuration(Duration duration) {
        if (duration.isNegative() || duration.compareTo(Duration.ofMillis(30)) < 0) {
            throw new IllegalArgumentException("a lease lasts 30 ms or more, got " + duration);
        }
        return duration;
    }

    /** How long a runner without the lease waits before it asks again. */
    public Duration retryEvery() {
        return duration.dividedBy(3);
    }

    public String holder() {
        return holder;
    }

    public void release() {
        if (held != null) {
            held = null;
            leases.release(name, holder);
        }
    }
}
