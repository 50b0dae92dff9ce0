package dev.escqrs.example.blogpost.http;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The banner's development tokens live 12 hours (and the verifier's 60 s of clock skew), on the service's clock. */
class DevelopmentTokensTest {
    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_development_token_is_taken_for_twelve_hours_and_refused_after() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-02T08:00:00Z"));
        Authentication dev = Authentication.development(clock);
        String authorization = "Bearer " + dev.developmentToken("alice");

        clock.advance(Duration.ofHours(12));
        assertThat(dev.actor(authorization, null)).isEqualTo("alice");

        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> dev.actor(authorization, null))
                .isInstanceOf(Authentication.Unauthenticated.class)
                .hasMessageContaining("Expired JWT");
    }
}
