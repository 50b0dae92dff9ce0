package dev.escqrs.core.event;

import com.github.f4b6a3.ulid.UlidFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The source of event ids, and with them of event time: each id is a ULID whose time part is "now" by the clock
 * given. Ids from one instance are strictly increasing, also within one millisecond.
 *
 * <pre>{@code
 * EventIds ids = EventIds.monotonic(Clock.systemUTC());          // production
 * EventIds ids = EventIds.fixed(Instant.parse("2026-01-01T00:00:00Z"), 42); // tests: same ids every run
 * }</pre>
 */
public final class EventIds {
    private final UlidFactory factory;

    private EventIds(UlidFactory factory) {
        this.factory = factory;
    }

    /** Monotonic ULIDs on the given clock with a secure random part. */
    public static EventIds monotonic(Clock clock) {
        return new EventIds(UlidFactory.newMonotonicInstance(new java.security.SecureRandom(), clock::millis));
    }

    private static final EventIds SYSTEM = monotonic(Clock.systemUTC());

    /** Monotonic ULIDs on the system clock, one generator for the whole process: ids increase across all its users. */
    public static EventIds system() {
        return SYSTEM;
    }

    /**
     * Repeatable ids for tests: a clock fixed at {@code instant} and a random part seeded with {@code seed}.
     * Ids still increase (the ULID's random part counts up within one millisecond).
     */
    public static EventIds fixed(Instant instant, long seed) {
        Clock clock = Clock.fixed(instant, java.time.ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(seed);
        return new EventIds(
                UlidFactory.newMonotonicInstance((java.util.function.LongSupplier) random::nextLong, clock::millis));
    }

    /** Repeatable ids on any clock, seeded: for tests that move time. */
    public static EventIds seeded(Clock clock, long seed) {
        return new EventIds(UlidFactory.newMonotonicInstance(new Random(seed), clock::millis));
    }

    /** The next id. Thread-safe. */
    public String next() {
        return factory.create().toString();
    }
}
