package dev.escqrs.core.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a runner retries a parked aggregate by itself: the first retry {@code first} after it was parked, each next one
 * after twice the pause before (never more than {@code cap}), {@code attempts} tries in all counting the one that
 * parked it; then it waits for an operator. Default: 1 s, doubling to at most 5 minutes, 8 attempts (about 2 minutes
 * of automatic retries: long enough for a throttled table or a brief outage downstream, short enough that a bug shows
 * up parked soon).
 *
 * @param batch how many parked aggregates a runner retries at most in one go, so that a "retry all" over thousands of
 *              aggregates is a steady trickle, not a flood
 */
public record ParkingRetries(Duration first, Duration cap, int attempts, int batch) {
    public static final ParkingRetries DEFAULT =
            new ParkingRetries(Duration.ofSeconds(1), Duration.ofMinutes(5), 8, 25);

    public ParkingRetries {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(cap, "cap");
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException(
                    "parking retries need 0 < first <= cap, got first %s, cap %s".formatted(first, cap));
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("parking retries need at least 1 attempt, got " + attempts);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("parking retries need a batch of at least 1, got " + batch);
        }
    }

    /** When to try again after the {@code attempts}-th failure at {@code failedAt}; empty when they are used up. */
    public Optional<Instant> nextAttempt(int attemptsSoFar, Instant failedAt) {
        if (attemptsSoFar >= attempts) {
            return Optional.empty();
        }
        Duration pause = first;
        for (int i = 1; i < attemptsSoFar && pause.compareTo(cap) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return Optional.of(failedAt.plus(pause.compareTo(cap) > 0 ? cap : pause));
    }
}
