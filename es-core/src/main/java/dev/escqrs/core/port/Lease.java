package dev.escqrs.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A lease on a named job, as {@link Leases} granted it: {@code holder} runs the job until {@code expiresAt} unless it
 * renews. {@code token} grows by one each time the lease passes to another holder (a fencing token: a write that
 * carries it can be refused once a newer holder exists).
 */
public record Lease(String name, String holder, long token, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
