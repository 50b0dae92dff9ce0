package dev.escqrs.core.projection;

import dev.escqrs.core.event.AggregateEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a running projection stands, for health checks and metrics.
 *
 * <p>{@code lag} is how far the read model may be behind the store: the time since the runner last read the feed to
 * its end and applied everything it read ({@code caughtUpAt}); before it first caught up (during the backfill), the
 * time since it started. Healthy and tailing, it stays near the poll interval; a runner that is failing, stuck or
 * working through a backlog sees it grow. Every event appended before {@code caughtUpAt} is applied.
 *
 * @param phase           what the runner is doing
 * @param lastApplied     the last event applied, if any since the start
 * @param lastAppliedAt   when it was applied
 * @param caughtUpAt      when the runner last had everything the feed held; empty before its first catch-up
 * @param lag             see above
 * @param heals           how often a lost feed position was healed since the start
 * @param failures        how many attempts failed since the start
 * @param lastFailure     the failure of the last attempt; empty once an attempt succeeds again
 * @param counts          what the projector did
 * @param parked          how many aggregates the runner has parked ({@link BadRecords#PARK}): a runner with parked
 *                        aggregates is {@linkplain #isDegraded degraded}, not down; everything else flows
 */
public record ProjectionStatus(
        String name,
        ProjectionRunner.Phase phase,
        Optional<AggregateEvent<?>> lastApplied,
        Optional<Instant> lastAppliedAt,
        Optional<Instant> caughtUpAt,
        Duration lag,
        long heals,
        long failures,
        Optional<Throwable> lastFailure,
        Projector.Counts counts,
        int parked) {
    /**
     * Whether the read model is up to date within {@code maxLag} and its last attempt did not fail; a runner that
     * stands by while another replica holds the lease ({@link ProjectionRunner.Phase#STANDBY}) is healthy too: it is
     * where it should be, and alarms on this must not fire for every replica but one.
     */
    public boolean isHealthy(Duration maxLag) {
        return phase == ProjectionRunner.Phase.STANDBY
                || phase == ProjectionRunner.Phase.TAILING && lastFailure.isEmpty() && lag.compareTo(maxLag) <= 0;
    }

    /** Whether it has parked aggregates: it follows the feed for every other aggregate, and an operator should look. */
    public boolean isDegraded() {
        return parked > 0;
    }
}
