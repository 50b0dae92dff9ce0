package dev.escqrs.core.projection;

import dev.escqrs.core.projection.ProjectionRunner.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a started runner tells of itself: its phase, when it last caught up and last applied, its heals and failures
 * and the last failure, and whether it reached the tail; {@link #status()} puts them together. Written by the runner's
 * thread, read by any.
 */
final class RunnerStatus {
    private final String name;
    private final Projector projector;
    private final Clock clock;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BACKFILLING);
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    private final CountDownLatch tailing = new CountDownLatch(1);
    private final Instant startedAt;
    private volatile Instant caughtUpAt;
    private volatile Instant lastAppliedAt;
    private volatile long heals;
    private volatile long failures;

    RunnerStatus(String name, Projector projector, Clock clock) {
        this.name = name;
        this.projector = projector;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    Phase phase() {
        return phase.get();
    }

    void enter(Phase next) {
        phase.set(next);
    }

    /** The feed lost its position: the runner heals. */
    void healing() {
        heals++;
        phase.set(Phase.HEALING);
    }

    /** An attempt failed: kept until one succeeds. */
    void failed(Throwable failure) {
        failures++;
        lastFailure.set(failure);
        phase.set(Phase.FAILED);
    }

    /** An attempt succeeded: the last failure is forgotten. */
    void succeeded() {
        lastFailure.set(null);
    }

    Optional<Throwable> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** The feed was read to its end at {@code readAt}, and everything read is applied. */
    void caughtUp(Instant readAt) {
        caughtUpAt = readAt;
    }

    void applied(Instant at) {
        lastAppliedAt = at;
    }

    /** The backfill is done: the runner follows the feed. */
    void reachedTail() {
        tailing.countDown();
    }

    boolean awaitTailing(Duration timeout) throws InterruptedException {
        return tailing.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    ProjectionStatus status() {
        Instant now = clock.instant();
        Instant fresh = caughtUpAt != null ? caughtUpAt : startedAt;
        Duration lag = Duration.between(fresh, now);
        return new ProjectionStatus(
                name,
                phase.get(),
                projector.lastApplied(),
                Optional.ofNullable(lastAppliedAt),
                Optional.ofNullable(caughtUpAt),
                lag.isNegative() ? Duration.ZERO : lag,
                heals,
                failures,
                lastFailure(),
                projector.counts(),
                projector.parked().size());
    }
}
