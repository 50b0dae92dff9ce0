package dev.escqrs.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.error.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutageLogTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    /** A clock the test moves. */
    static final class FakeClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    record Line(Level level, String text, Throwable trace) {}

    private final FakeClock clock = new FakeClock();
    private final List<Line> lines = new ArrayList<>();
    private final OutageLog log = new OutageLog(
            "projection posts",
            (level, line, trace) -> lines.add(new Line(level, line, trace)),
            clock,
            Duration.ofMinutes(1));

    private static StoreUnavailableException unreachable() {
        return new StoreUnavailableException(
                "reading the events failed: Unable to execute HTTP request: Connection refused",
                new RuntimeException("Connection refused"));
    }

    /** Fails every {@code wait} for {@code length}. */
    private void outage(Duration length, Throwable cause) {
        for (Duration passed = Duration.ZERO; passed.compareTo(length) < 0; passed = passed.plus(WAIT)) {
            log.failed(cause, WAIT);
            clock.advance(WAIT);
        }
    }

    @Nested
    class An_outage {
        @Test
        void is_one_line_when_it_starts_one_a_minute_while_it_lasts_and_one_when_it_ends() {
            outage(Duration.ofMinutes(10), unreachable());
            log.succeeded();

            assertThat(lines).hasSize(1 + 9 + 1);
            assertThat(lines.getFirst().level()).isEqualTo(Level.WARNING);
            assertThat(lines.getFirst().text())
                    .startsWith(
                            "projection posts is failing: StoreUnavailableException: "
                                    + "reading the events failed: Unable to execute HTTP request: Connection refused; trying again in 2.0 s");
            assertThat(lines.get(1).text())
                    .startsWith("projection posts is still failing after 1 min 00 s (31 failed "
                            + "attempts): StoreUnavailableException");
            assertThat(lines.getLast().level()).isEqualTo(Level.INFO);
            assertThat(lines.getLast().text())
                    .startsWith("projection posts is back after 10 min 00 s (300 failed attempts");
        }

        @Test
        void of_a_known_kind_prints_no_stack_trace() {
            outage(Duration.ofMinutes(3), unreachable());
            log.succeeded();
            assertThat(lines).allSatisfy(line -> assertThat(line.trace()).isNull());
        }

        @Test
        void of_an_unexpected_kind_prints_its_stack_trace_once_with_the_first_line() {
            IllegalStateException bug = new IllegalStateException("a bug in the handler");
            outage(Duration.ofMinutes(3), bug);
            log.succeeded();
            assertThat(lines.getFirst().trace()).isSameAs(bug);
            assertThat(lines.subList(1, lines.size()))
                    .allSatisfy(line -> assertThat(line.trace()).isNull());
        }

        @Test
        void names_the_latest_cause_while_it_lasts() {
            outage(Duration.ofSeconds(50), unreachable());
            outage(Duration.ofSeconds(20), new StoreUnavailableException("table blog-events is missing", null));
            assertThat(lines.getLast().text()).contains("table blog-events is missing");
        }

        @Test
        void keeps_its_start_until_it_ends() {
            Instant start = clock.instant();
            outage(Duration.ofSeconds(10), unreachable());
            assertThat(log.downSince()).contains(start);
            log.succeeded();
            assertThat(log.downSince()).isEmpty();
        }
    }

    @Nested
    class Without_an_outage {
        @Test
        void nothing_is_printed() {
            for (int i = 0; i < 100; i++) {
                log.succeeded();
            }
            assertThat(lines).isEmpty();
        }

        @Test
        void a_second_outage_starts_with_its_own_first_line() {
            outage(Duration.ofSeconds(4), unreachable());
            log.succeeded();
            outage(Duration.ofSeconds(4), unreachable());
            assertThat(lines)
                    .extracting(Line::text)
                    .filteredOn(t -> t.contains("is failing:"))
                    .hasSize(2);
        }
    }

    @Test
    void describes_a_cause_in_one_line_by_its_kind_and_first_message_line() {
        assertThat(OutageLog.describe(new RuntimeException("first\nsecond"))).isEqualTo("RuntimeException: first");
        assertThat(OutageLog.describe(new RuntimeException(null, new IllegalStateException("inner"))))
                .isEqualTo("IllegalStateException: inner");
        assertThat(OutageLog.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void formats_durations_for_people() {
        assertThat(OutageLog.format(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(OutageLog.format(Duration.ofMillis(4_200))).isEqualTo("4.2 s");
        assertThat(OutageLog.format(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(OutageLog.format(Duration.ofMinutes(121))).isEqualTo("2 h 01 min");
    }
}
