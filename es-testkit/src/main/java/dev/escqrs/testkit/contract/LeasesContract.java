package dev.escqrs.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.port.Lease;
import dev.escqrs.core.port.Leases;
import dev.escqrs.testkit.scenario.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@link Leases} port, the same on every store: one holder at a time, renewed with its token, taken over with a
 * greater one after expiry or a release. The clock is the test's, so expiry needs no waiting.
 */
public abstract class LeasesContract {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    protected final TestClock clock = TestClock.at(Instant.parse("2026-12-07T10:00:00Z"));

    protected LeasesContract() {}

    /** Leases where the adapter keeps them, judged by {@code clock}; each call within a test: the same place. */
    protected abstract Leases leases(TestClock clock);

    @Test
    void one_holder_at_a_time_until_the_lease_expires_then_the_next_with_a_greater_token() {
        Leases leases = leases(clock);

        Lease first = leases.acquire("job", "a", TEN_SECONDS).orElseThrow();
        assertThat(leases.acquire("job", "b", TEN_SECONDS)).isEmpty();
        clock.advance(Duration.ofSeconds(9));
        assertThat(leases.acquire("job", "b", TEN_SECONDS)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Lease second = leases.acquire("job", "b", TEN_SECONDS).orElseThrow();

        assertThat(second.holder()).isEqualTo("b");
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(second.expiresAt()).isEqualTo(clock.instant().plus(TEN_SECONDS));
        assertThat(leases.acquire("job", "a", TEN_SECONDS))
                .as("the first holder lost it")
                .isEmpty();
    }

    @Test
    void a_holder_that_renews_in_time_keeps_the_lease_and_its_token() {
        Leases leases = leases(clock);
        Lease first = leases.acquire("job", "a", TEN_SECONDS).orElseThrow();

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(4));
            Optional<Lease> renewed = leases.acquire("job", "a", TEN_SECONDS);
            assertThat(renewed).get().extracting(Lease::token).isEqualTo(first.token());
            assertThat(leases.acquire("job", "b", TEN_SECONDS)).isEmpty();
        }
    }

    @Test
    void a_released_lease_is_taken_at_once_and_a_release_by_another_does_nothing() {
        Leases leases = leases(clock);
        Lease first = leases.acquire("job", "a", TEN_SECONDS).orElseThrow();

        leases.release("job", "b");
        assertThat(leases.acquire("job", "b", TEN_SECONDS)).isEmpty();
        leases.release("job", "a");

        assertThat(leases.acquire("job", "b", TEN_SECONDS))
                .get()
                .extracting(Lease::token)
                .isEqualTo(first.token() + 1);
    }

    @Test
    void a_holder_that_released_its_lease_takes_it_again_with_the_next_token() {
        Leases leases = leases(clock);
        Lease first = leases.acquire("job", "a", TEN_SECONDS).orElseThrow();

        leases.release("job", "a");

        assertThat(leases.acquire("job", "a", TEN_SECONDS))
                .get()
                .extracting(Lease::token)
                .isEqualTo(first.token() + 1);
    }

    @Test
    void leases_of_two_names_are_apart() {
        Leases leases = leases(clock);

        assertThat(leases.acquire("one", "a", TEN_SECONDS)).isPresent();
        assertThat(leases.acquire("two", "b", TEN_SECONDS)).isPresent();
    }
}
