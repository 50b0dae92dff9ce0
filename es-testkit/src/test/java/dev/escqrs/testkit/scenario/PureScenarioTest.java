package dev.escqrs.testkit.scenario;

import static dev.escqrs.testkit.scenario.Light.LIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.error.DomainException;
import dev.escqrs.testkit.scenario.Light.Flicker;
import dev.escqrs.testkit.scenario.Light.Install;
import dev.escqrs.testkit.scenario.Light.Installed;
import dev.escqrs.testkit.scenario.Light.SwitchOff;
import dev.escqrs.testkit.scenario.Light.SwitchOn;
import dev.escqrs.testkit.scenario.Light.SwitchedOff;
import dev.escqrs.testkit.scenario.Light.SwitchedOn;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PureScenarioTest {
    private final Scenario<Light.Command, Light.Event, Light.State> light = Scenario.pure(LIGHT, Light.DECIDER);

    @Nested
    class Passing {
        @Test
        void then_compares_the_produced_events() {
            light.given(new Installed("hall")).when(new SwitchOn()).then(new SwitchedOn());
        }

        @Test
        void given_events_takes_the_history_as_a_list() {
            light.givenEvents(java.util.List.of(new Installed("hall"), new SwitchedOn()))
                    .when(new SwitchOn())
                    .thenNothing();
        }

        @Test
        void then_nothing_accepts_a_no_op() {
            light.given(new Installed("hall"), new SwitchedOn())
                    .when(new SwitchOn())
                    .thenNothing();
        }

        @Test
        void then_throws_matches_type_and_message_part() {
            light.when(new SwitchOff()).thenThrows(DomainException.class, "no light");
        }

        @Test
        void then_satisfies_and_then_state_see_the_events_and_the_state_after_them() {
            light.given(new Installed("hall"))
                    .when(new Flicker(2))
                    .thenSatisfies(events -> assertThat(events).hasSize(4))
                    .thenState(state -> assertThat(state.switches()).isEqualTo(4));
        }

        @Test
        void idempotent_passes_when_the_command_already_took_effect() {
            light.given(new Installed("hall")).when(new SwitchOn()).idempotent().then(new SwitchedOn());
        }
    }

    @Nested
    class FailureMessages {
        @Test
        void a_different_event_is_shown_with_both_lists_and_the_first_difference() {
            assertThatThrownBy(() -> light.given(new Installed("hall"))
                            .when(new Flicker(1))
                            .then(new SwitchedOn(), new SwitchedOn()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("scenario Light (pure) for aggregate-1")
                    .hasMessageContaining("given 1 event(s):\n    [0] Installed[room=hall]")
                    .hasMessageContaining("when Flicker[times=1]")
                    .hasMessageContaining("first difference at index 1")
                    .hasMessageContaining("expected 2 event(s):\n    [0] SwitchedOn[]\n  > [1] SwitchedOn[]")
                    .hasMessageContaining("actual 2 event(s):\n    [0] SwitchedOn[]\n  > [1] SwitchedOff[]");
        }

        @Test
        void a_missing_event_points_past_the_shorter_list() {
            assertThatThrownBy(() -> light.given(new Installed("hall"))
                            .when(new Flicker(1))
                            .then(new SwitchedOn()))
                    .hasMessageContaining("first difference at index 1")
                    .hasMessageContaining("expected 1 event(s)")
                    .hasMessageContaining("actual 2 event(s)");
        }

        @Test
        void expecting_events_from_a_refused_command_shows_the_refusal() {
            assertThatThrownBy(() -> light.when(new SwitchOff()).then(new SwitchedOff()))
                    .hasMessageContaining(
                            "expected events, but the command threw DomainException: no light is installed");
        }

        @Test
        void expecting_a_refusal_from_a_command_that_passed_shows_what_it_produced() {
            assertThatThrownBy(() -> light.given(new Installed("hall"))
                            .when(new SwitchOn())
                            .thenThrows(DomainException.class, "whatever"))
                    .hasMessageContaining("expected it to throw DomainException")
                    .hasMessageContaining("[0] SwitchedOn[]");
        }

        @Test
        void expecting_nothing_from_a_command_that_produced_events_lists_them() {
            assertThatThrownBy(() -> light.given(new Installed("hall"))
                            .when(new SwitchOn())
                            .thenNothing())
                    .hasMessageContaining("expected 0 event(s):\n    (none)")
                    .hasMessageContaining("  > [0] SwitchedOn[]");
        }

        @Test
        void a_command_that_is_not_idempotent_is_caught() {
            assertThatThrownBy(() -> light.given(new Installed("hall"))
                            .when(new Flicker(1))
                            .idempotent()
                            .thenEvents(List.of(new SwitchedOn(), new SwitchedOff())))
                    .hasMessageContaining("is not idempotent")
                    .hasMessageContaining("[0] SwitchedOn[]");
        }

        @Test
        void the_aggregate_id_and_actor_can_be_chosen() {
            assertThatThrownBy(() -> light.withAggregateId("kitchen-1")
                            .as("bob")
                            .when(new Install("kitchen"))
                            .thenNothing())
                    .hasMessageContaining("for kitchen-1");
        }
    }
}
