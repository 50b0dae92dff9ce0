package dev.escqrs.example.blogpost.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.testkit.scenario.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The banner's development tokens live 12 hours (and the verifier's 60 s of clock skew), on the service's clock. */
class DevelopmentTokensTest {
    @Test
    void a_development_token_is_taken_for_twelve_hours_and_refused_after() {
        TestClock clock = TestClock.at(Instant.parse("2026-12-02T08:00:00Z"));
        Authentication dev = Authentication.development(clock);
        String authorization = "Bearer " + dev.developmentToken("alice");

        clock.advance(Duration.ofHours(12));
        assertThat(dev.actor(authorization, null)).isEqualTo("alice");

        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> dev.actor(authorization, null))
                .isInstanceOf(Unauthenticated.class)
                .hasMessageContaining("Expired JWT");
    }
}
