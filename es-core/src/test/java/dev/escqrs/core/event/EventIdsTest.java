package dev.escqrs.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.f4b6a3.ulid.Ulid;
import dev.escqrs.core.error.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    @Test
    void ids_are_ulids_that_increase_within_one_millisecond() {
        EventIds ids = EventIds.fixed(Instant.parse("2026-01-01T00:00:00Z"), 1);
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            generated.add(ids.next());
        }
        assertThat(generated).allMatch(Ulid::isValid).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void the_event_time_is_the_ulid_time() {
        Instant now = Instant.parse("2026-04-05T06:07:08.009Z");
        String id = EventIds.fixed(now, 1).next();
        AggregateEvent<String> event = new AggregateEvent<>(id, "E", "A", "a1", 1, "x", "payload", EventMetadata.NONE);
        assertThat(event.occurredAt()).isEqualTo(now);
    }

    @Test
    void fixed_ids_repeat_run_after_run() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(EventIds.fixed(now, 4).next())
                .isEqualTo(EventIds.fixed(now, 4).next());
    }

    @Test
    void the_envelope_refuses_bad_ids_and_versions() {
        String id = EventIds.system().next();
        assertThatThrownBy(() -> new AggregateEvent<>("not-a-ulid", "E", "A", "a1", 1, "x", "p", EventMetadata.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a ULID");
        assertThatThrownBy(() -> new AggregateEvent<>(id, "E", "A", "a1", 0, "x", "p", EventMetadata.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("aggregateVersion must be 1 or more");
        assertThatThrownBy(() -> new AggregateEvent<>(id, "E", "A", "a\u0000b", 1, "x", "p", EventMetadata.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("control character (U+0000) at index 1");
        assertThatThrownBy(() -> new AggregateEvent<>(id, "E", "A", "a1", 1, "x".repeat(1025), "p", EventMetadata.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("actorId is 1025 characters long; at most 1024 are allowed");
    }
}
