package dev.escqrs.inmemory;

import static dev.escqrs.inmemory.Counter.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.error.DomainException;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.Test;

/** The testkit's store-backed scenarios on this adapter: the given events really go through the store. */
class CounterScenarioTest {
    private static final StoreFixture MEMORY =
            StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec)));
    private final Scenario<Counter.Command, Counter.Event, Counter.State> scenario =
            Scenario.onStore(COUNTER, Counter.DECIDER, MEMORY);

    @Test
    void a_command_on_stored_history_produces_the_stored_event() {
        scenario.given(new Counter.Started(), new Counter.Added(2, "a"))
                .when(new Counter.Add(3, "b"))
                .then(new Counter.Added(3, "b"))
                .thenState(state -> assertThat(state).isEqualTo(new Counter.State(5, 2)));
    }

    @Test
    void a_create_runs_on_an_empty_store() {
        scenario.when(new Counter.Start()).then(new Counter.Started());
    }

    @Test
    void a_refusal_is_reported_and_nothing_is_written() {
        scenario.given(new Counter.Started())
                .when(new Counter.Add(0, "z"))
                .thenThrows(DomainException.class, "adding zero");
    }

    @Test
    void a_wrong_expectation_fails_with_the_events_one_per_line() {
        assertThatThrownBy(() -> scenario.given(new Counter.Started())
                        .when(new Counter.Add(3, "b"))
                        .then(new Counter.Added(4, "b")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("scenario Counter (on memory)")
                .hasMessageContaining("first difference at index 0")
                .hasMessageContaining("  > [0] Added[amount=4, token=b]")
                .hasMessageContaining("  > [0] Added[amount=3, token=b]");
    }

    @Test
    void a_long_history_goes_through_the_store_in_several_batches() {
        Counter.Event[] history = new Counter.Event[250];
        history[0] = new Counter.Started();
        for (int i = 1; i < history.length; i++) {
            history[i] = new Counter.Added(1, "t" + i);
        }
        scenario.given(history)
                .when(new Counter.Add(1, "last"))
                .thenState(state -> assertThat(state.adds()).isEqualTo(250));
    }

    @Test
    void an_adding_command_is_not_idempotent_and_the_check_says_so() {
        assertThatThrownBy(() -> scenario.given(new Counter.Started())
                        .when(new Counter.Add(1, "x"))
                        .idempotent()
                        .then(new Counter.Added(1, "x")))
                .hasMessageContaining("is not idempotent")
                .hasMessageContaining("Added[amount=1, token=x]");
    }
}
