package dev.escqrs.core.port;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Who runs a named job now, when several processes could: one holder at a time, for a bounded time, taken over by
 * another when the holder stops renewing (it died, or lost the network). What keeps a durable read model or a
 * reaction to one runner among several replicas ({@code ProjectionRunner.Builder.lease}).
 *
 * <p>Promised: while a lease is unexpired, no other holder gets it; a holder that renews before expiry keeps it with
 * the same token; after expiry, or a release, the next holder gets it with a token one greater. Not promised: that a
 * holder notices at once that its lease expired (it learns at its next renewal), so a lease must outlast the work done
 * between two renewals. Times are the {@code Leases}' clock's: keep replicas' clocks within a small part of the lease.
 */
public interface Leases {
    /**
     * Takes the lease {@code name} for {@code holder}, or renews it when {@code holder} has it, until now plus
     * {@code duration}; empty when another holder's lease is unexpired.
     */
    Optional<Lease> acquire(String name, String holder, Duration duration);

    /** Gives the lease up when {@code holder} has it, so another takes it at once; nothing otherwise. */
    void release(String name, String holder);

    /**
     * A holder name for this process, unique among replicas: the host name, the process id and a random part (one per
     * call; keep it for the process's life).
     */
    static String holderName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** Leases in this process's memory, for tests and for replicas that share a process. */
    static Leases inMemory() {
        return inMemory(Clock.systemUTC());
    }

    /** As {@link #inMemory()}, by {@code clock}. */
    static Leases inMemory(Clock clock) {
        return new InMemoryLeases(clock);
    }
}
