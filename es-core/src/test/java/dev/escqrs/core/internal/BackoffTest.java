package dev.escqrs.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(2);

    @Nested
    class Waits {
        @Test
        void double_from_the_first_wait_up_to_the_cap() {
            Backoff backoff = new Backoff(FIRST, CAP, new Random(1));
            long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
            for (int failure = 1; failure <= ceilings.length; failure++) {
                assertThat(backoff.ceilingNanos(failure))
                        .as("the ceiling after %d failures", failure)
                        .isEqualTo(Duration.ofMillis(ceilings[failure - 1]).toNanos());
            }
        }

        @Test
        void lie_in_the_upper_half_of_the_ceiling_and_never_pass_the_cap() {
            Backoff backoff = new Backoff(FIRST, CAP, new Random(2));
            for (int failure = 1; failure <= 200; failure++) {
                long ceiling = backoff.ceilingNanos(failure);
                Duration wait = backoff.next();
                assertThat(wait.toNanos()).as("wait %d", failure).isBetween(ceiling / 2, ceiling);
                assertThat(wait).isLessThanOrEqualTo(CAP);
            }
        }

        @Test
        void are_jittered_so_that_processes_that_failed_together_do_not_retry_in_step() {
            Backoff one = new Backoff(FIRST, CAP, new Random(3));
            Backoff other = new Backoff(FIRST, CAP, new Random(4));
            int same = 0;
            for (int i = 0; i < 20; i++) {
                if (one.next().equals(other.next())) {
                    same++;
                }
            }
            assertThat(same).isLessThan(3);
        }

        @Test
        void start_again_at_the_first_wait_after_a_success() {
            Backoff backoff = new Backoff(FIRST, CAP, new Random(5));
            for (int i = 0; i < 10; i++) {
                backoff.next();
            }
            assertThat(backoff.failures()).isEqualTo(10);
            backoff.reset();
            assertThat(backoff.failures()).isZero();
            assertThat(backoff.next()).isLessThanOrEqualTo(FIRST);
        }

        @Test
        void stay_at_the_cap_however_long_the_outage() {
            Backoff backoff = new Backoff(FIRST, Duration.ofDays(365), new Random(6));
            for (int i = 0; i < 10_000; i++) {
                assertThat(backoff.next()).isPositive().isLessThanOrEqualTo(Duration.ofDays(365));
            }
        }
    }

    @Nested
    class Settings {
        @Test
        void take_a_cap_below_the_first_wait_as_the_first_wait() {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMillis(10), new Random(7));
            for (int i = 0; i < 10; i++) {
                assertThat(backoff.next()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            }
        }

        @Test
        void never_spin_even_after_a_zero_poll_interval() {
            Backoff backoff = new Backoff(Duration.ZERO, Duration.ZERO, new Random(8));
            assertThat(backoff.next()).isGreaterThanOrEqualTo(Backoff.FLOOR.dividedBy(2));
        }

        @Test
        void refuse_negative_waits_and_a_zero_cap_from_a_builder() {
            assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), CAP))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Backoff.requireValidCap(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
