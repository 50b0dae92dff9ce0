package dev.escqrs.testkit.scenario;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves: it stands still until {@link #advance} or {@link #set} is called. Give it to
 * {@code Scenario.withClock}, to {@code EventIds.seeded(clock, seed)} for a command handler, or to anything that
 * takes a {@link Clock}. Thread-safe.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-03-01T09:00:00Z"));
 * scenario.withClock(clock).given(...).when(...).thenEnvelopes(e -> assertThat(e.getFirst().occurredAt())...);
 * clock.advance(Duration.ofDays(30));
 * }</pre>
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code start}, in UTC. */
    public static TestClock at(Instant start) {
        return new TestClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** Moves the clock forward (or back, with a negative duration); returns the new time. */
    public Instant advance(Duration by) {
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same clock (moving with this one) in another zone. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new TestClock(now, Objects.requireNonNull(newZone, "zone"));
    }
}
