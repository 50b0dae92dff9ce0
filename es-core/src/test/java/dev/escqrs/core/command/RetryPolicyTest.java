package dev.escqrs.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.internal.Pauses;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void delays_grow_exponentially_up_to_the_cap_with_full_jitter() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(100));
        SplittableRandom random = new SplittableRandom(5);
        for (int attempt = 1; attempt <= 9; attempt++) {
            long cap = Math.min(100, 10L << (attempt - 1));
            long max = 0;
            long min = Long.MAX_VALUE;
            for (int i = 0; i < 2_000; i++) {
                long delay = Pauses.after(policy.baseDelay(), policy.maxDelay(), attempt, random)
                        .toNanos();
                max = Math.max(max, delay);
                min = Math.min(min, delay);
            }
            assertThat(max)
                    .as("attempt %d stays under its cap of %d ms", attempt, cap)
                    .isLessThanOrEqualTo(Duration.ofMillis(cap).toNanos())
                    .as("attempt %d spreads up to its cap", attempt)
                    .isGreaterThan(Duration.ofMillis(cap).toNanos() * 9 / 10);
            assertThat(min)
                    .as("jitter reaches near zero")
                    .isLessThan(Duration.ofMillis(cap).toNanos() / 10);
        }
    }

    @Test
    void immediate_never_waits() {
        assertThat(Pauses.after(
                        RetryPolicy.immediate(3).baseDelay(),
                        RetryPolicy.immediate(3).maxDelay(),
                        2,
                        new SplittableRandom()))
                .isZero();
    }

    @Test
    void refuses_nonsense() {
        assertThatThrownBy(() -> RetryPolicy.immediate(0)).hasMessageContaining("maxAttempts must be 1 or more");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 <= baseDelay <= maxDelay");
    }
}
