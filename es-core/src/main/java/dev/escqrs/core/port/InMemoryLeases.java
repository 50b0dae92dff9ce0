package dev.escqrs.core.port;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link Leases#inMemory()}. */
final class InMemoryLeases implements Leases {
    private final Clock clock;
    private final Map<String, Lease> leases = new HashMap<>();

    InMemoryLeases(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<Lease> acquire(String name, String holder, Duration duration) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, got " + duration);
        }
        Instant now = clock.instant();
        Lease current = leases.get(name);
        Lease next;
        if (current != null && current.holder().equals(holder)) {
            next = new Lease(name, holder, current.token(), now.plus(duration));
        } else if (current == null || !current.expiresAt().isAfter(now)) {
            next = new Lease(name, holder, current == null ? 1 : current.token() + 1, now.plus(duration));
        } else {
            return Optional.empty();
        }
        leases.put(name, next);
        return Optional.of(next);
    }

    @Override
    public synchronized void release(String name, String holder) {
        Lease current = leases.get(name);
        if (current != null && current.holder().equals(holder)) {
            leases.put(name, new Lease(name, "", current.token(), Instant.EPOCH));
        }
    }
}
