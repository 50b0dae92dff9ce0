package dev.escqrs.inmemory;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.EventTypes;
import java.util.List;

/** A counter aggregate for the adapter's own tests. */
final class Counter {
    private Counter() {}

    sealed interface Command permits Start, Add {}

    record Start() implements Command {}

    record Add(int amount, String token) implements Command {}

    sealed interface Event permits Started, Added {}

    record Started() implements Event {}

    record Added(int amount, String token) implements Event {}

    record State(long total, long adds) {}

    static final EventTypes TYPES = EventTypes.builder()
            .register("CounterStarted", Started.class)
            .register("CounterAdded", Added.class)
            .build();

    static final AggregateType<Event, State> COUNTER = AggregateType.of("Counter", State.class, Event.class, TYPES);

    static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State(0, 0);
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case Start start -> List.of(new Started());
                case Add add -> {
                    if (add.amount() == 0) {
                        throw new DomainException("adding zero changes nothing");
                    }
                    yield List.of(new Added(add.amount(), add.token()));
                }
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Started started -> state;
                case Added added -> new State(state.total() + added.amount(), state.adds() + 1);
            };
        }
    };
}
