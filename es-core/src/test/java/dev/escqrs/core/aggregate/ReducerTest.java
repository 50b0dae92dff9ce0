package dev.escqrs.core.aggregate;

import static dev.escqrs.core.Posts.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.Posts;
import dev.escqrs.core.Posts.Created;
import dev.escqrs.core.Posts.Event;
import dev.escqrs.core.Posts.Post;
import dev.escqrs.core.Posts.Published;
import dev.escqrs.core.Posts.Renamed;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReducerTest {
    private final EventIds ids = EventIds.fixed(Instant.parse("2026-03-01T10:00:00Z"), 3);
    private final Reducer<Event, Post> reducer = Reducer.of(POST, Posts.DECIDER);

    private AggregateEvent<Event> event(String aggregateName, String id, long version, Event payload) {
        return new AggregateEvent<>(
                ids.next(),
                payload.getClass().getSimpleName(),
                aggregateName,
                id,
                version,
                "actor-" + version,
                payload,
                EventMetadata.NONE);
    }

    private AggregateEvent<Event> event(long version, Event payload) {
        return event("Post", "p1", version, payload);
    }

    @Nested
    class Folding {
        @Test
        void applies_events_in_order_and_keeps_the_metadata() {
            List<AggregateEvent<Event>> events =
                    List.of(event(1, new Created("a")), event(2, new Renamed("b")), event(3, new Published()));

            Aggregate<Post> post = reducer.fold(Optional.empty(), events).orElseThrow();

            assertThat(post.state()).isEqualTo(new Post("b", true, List.of()));
            assertThat(post.meta())
                    .isEqualTo(new AggregateMeta(
                            "p1",
                            3,
                            "actor-3",
                            events.get(0).occurredAt(),
                            events.get(2).occurredAt()));
        }

        @Test
        void no_events_leave_the_start_as_it_was() {
            assertThat(reducer.fold(Optional.empty(), List.of())).isEmpty();
        }

        @Test
        void continues_from_a_loaded_aggregate() {
            Aggregate<Post> first = reducer.apply(Optional.empty(), event(1, new Created("a")));
            Aggregate<Post> second = reducer.apply(Optional.of(first), event(2, new Renamed("b")));
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.meta().createdAt()).isEqualTo(first.meta().createdAt());
        }
    }

    @Nested
    class Refusals {
        @Test
        void refuses_an_event_of_another_aggregate_type() {
            assertThatThrownBy(() -> reducer.apply(Optional.empty(), event("Comment", "p1", 1, new Created("a"))))
                    .isInstanceOf(EventSequenceException.class)
                    .hasMessageContaining("belongs to another aggregate type, Comment p1");
        }

        @Test
        void refuses_an_event_of_another_aggregate_id() {
            Aggregate<Post> post = reducer.apply(Optional.empty(), event(1, new Created("a")));
            assertThatThrownBy(() -> reducer.apply(Optional.of(post), event("Post", "p2", 2, new Renamed("b"))))
                    .isInstanceOf(EventSequenceException.class)
                    .hasMessageContaining("Post p1")
                    .hasMessageContaining("belongs to another aggregate, Post p2");
        }

        @Test
        void refuses_a_version_gap() {
            Aggregate<Post> post = reducer.apply(Optional.empty(), event(1, new Created("a")));
            assertThatThrownBy(() -> reducer.apply(Optional.of(post), event(4, new Renamed("b"))))
                    .isInstanceOf(EventSequenceException.class)
                    .hasMessageContaining("Post p1")
                    .hasMessageContaining(
                            "is at version 4 but the aggregate is at version 1; versions 2 to 3 are missing");
        }

        @Test
        void refuses_a_first_event_that_is_not_version_1() {
            assertThatThrownBy(() -> reducer.apply(Optional.empty(), event(2, new Created("a"))))
                    .isInstanceOf(EventSequenceException.class)
                    .hasMessageContaining("versions 1 to 1 are missing");
        }

        @Test
        void refuses_a_repeated_version() {
            Aggregate<Post> post = reducer.fold(
                            Optional.empty(), List.of(event(1, new Created("a")), event(2, new Renamed("b"))))
                    .orElseThrow();
            assertThatThrownBy(() -> reducer.apply(Optional.of(post), event(2, new Renamed("c"))))
                    .isInstanceOf(EventSequenceException.class)
                    .hasMessageContaining("repeats version 2; the aggregate is at version 2");
        }

        @Test
        void refuses_in_the_middle_of_a_fold_and_names_the_event() {
            AggregateEvent<Event> gap = event(3, new Published());
            assertThatThrownBy(() -> reducer.fold(Optional.empty(), List.of(event(1, new Created("a")), gap)))
                    .isInstanceOf(EventSequenceException.class)
                    .hasMessageContaining(gap.eventId());
        }
    }
}
