package dev.escqrs.inmemory;

import static dev.escqrs.inmemory.Counter.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.scenario.TestClock;
import dev.escqrs.testkit.store.Histories;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The testkit's assertions on envelopes, matchers, given commands, the test clock and seeding: pure and on a store. */
class ScenarioFeaturesTest {
    static Stream<Scenario<Counter.Command, Counter.Event, Counter.State>> scenarios() {
        return Stream.of(
                Scenario.pure(COUNTER, Counter.DECIDER),
                Scenario.onStore(COUNTER, Counter.DECIDER, InMemoryEventStoreContractTest.MEMORY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void envelopes_carry_the_version_after_the_given_events_the_actor_and_the_metadata(
            Scenario<Counter.Command, Counter.Event, Counter.State> scenario) {
        EventMetadata metadata = EventMetadata.NONE.withCorrelationId("corr-1");
        scenario.as("ann")
                .withMetadata(metadata)
                .given(new Counter.Started(), new Counter.Added(1, "a"))
                .when(new Counter.Add(2, "b"))
                .thenEnvelopes(envelopes -> {
                    assertThat(envelopes).singleElement().satisfies(e -> {
                        assertThat(e.aggregateVersion()).isEqualTo(3);
                        assertThat(e.actorId()).isEqualTo("ann");
                        assertThat(e.metadata()).isEqualTo(metadata);
                        assertThat(e.eventName()).isEqualTo("CounterAdded");
                        assertThat(e.aggregateId()).isEqualTo("aggregate-1");
                        assertThat(e.occurredAt()).isEqualTo(Scenario.FIXED_TIME);
                    });
                });
    }

    @Test
    void the_envelopes_are_the_same_pure_and_on_the_store() {
        List<List<AggregateEvent<Counter.Event>>> seen = new java.util.ArrayList<>();
        scenarios()
                .forEach(scenario -> scenario.given(new Counter.Started())
                        .when(new Counter.Add(2, "b"))
                        .thenEnvelopes(seen::add));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(seen.get(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void predicates_and_conditions_match_one_event_each(
            Scenario<Counter.Command, Counter.Event, Counter.State> scenario) {
        var twice = scenario.given(new Counter.Started());
        twice.when(new Counter.Add(2, "b"))
                .thenEventsMatch(e -> e instanceof Counter.Added added && added.amount() == 2);
        twice.when(new Counter.Add(2, "b")).thenEventsAre(new Condition<>(e -> e instanceof Counter.Added, "an Added"));
        assertThatThrownBy(() -> twice.when(new Counter.Add(2, "b")).thenEventsMatch(e -> true, e -> true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2 event(s), but it produced 1");
        assertThatThrownBy(() -> twice.when(new Counter.Add(2, "b")).thenEventsMatch(e -> e instanceof Counter.Started))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("event [0] does not match its predicate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void given_commands_make_the_history_and_then_throws_needs_no_message(
            Scenario<Counter.Command, Counter.Event, Counter.State> scenario) {
        scenario.givenCommands(new Counter.Start(), new Counter.Add(2, "a"), new Counter.Add(3, "b"))
                .when(new Counter.Add(4, "c"))
                .then(new Counter.Added(4, "c"))
                .thenState(state -> assertThat(state).isEqualTo(new Counter.State(9, 3)));
        scenario.givenCommands(new Counter.Start())
                .when(new Counter.Add(0, "z"))
                .thenThrows(DomainException.class);
        assertThatThrownBy(() -> scenario.givenCommands(new Counter.Start(), new Counter.Add(0, "z")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("given command [1] Add[amount=0, token=z] was refused");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void event_time_follows_a_clock_the_test_moves(Scenario<Counter.Command, Counter.Event, Counter.State> scenario) {
        TestClock clock = TestClock.at(Instant.parse("2026-03-01T09:00:00Z"));
        var onClock = scenario.withClock(clock).given(new Counter.Started());
        onClock.when(new Counter.Add(1, "a"))
                .thenEnvelopes(
                        e -> assertThat(e.getFirst().occurredAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z")));
        clock.advance(Duration.ofDays(30));
        onClock.when(new Counter.Add(1, "a"))
                .thenEnvelopes(
                        e -> assertThat(e.getFirst().occurredAt()).isEqualTo(Instant.parse("2026-03-31T09:00:00Z")));
    }

    @Test
    void a_store_is_seeded_from_payloads_and_read_back_typed_by_name() {
        InMemoryEventStore store = new InMemoryEventStore(dev.escqrs.core.codec.JsonCodec.of(COUNTER));
        var seeded = Histories.seed(
                store,
                COUNTER,
                Counter.DECIDER,
                "c1",
                new Counter.Started(),
                new Counter.Added(2, "a"),
                new Counter.Added(3, "b"));
        Histories.seed(store, COUNTER, Counter.DECIDER, "c2", new Counter.Started(), new Counter.Added(4, "c"));

        assertThat(seeded.version()).isEqualTo(3);
        assertThat(store.read(COUNTER, "c1").orElseThrow().state()).isEqualTo(new Counter.State(5, 2));
        try (Stream<AggregateEvent<Counter.Added>> added = store.eventsByName(COUNTER, Counter.Added.class)) {
            assertThat(added.map(e -> e.payload().amount())).containsExactly(2, 3, 4);
        }
    }
}
