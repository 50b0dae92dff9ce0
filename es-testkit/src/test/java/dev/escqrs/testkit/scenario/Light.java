package dev.escqrs.testkit.scenario;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.EventTypes;
import java.util.List;

/** A light switch: the smallest decider with a no-op, a rejection and several events per command. */
final class Light {
    private Light() {}

    sealed interface Command permits Install, SwitchOn, SwitchOff, Flicker {}

    record Install(String room) implements Command {}

    record SwitchOn() implements Command {}

    record SwitchOff() implements Command {}

    record Flicker(int times) implements Command {}

    sealed interface Event permits Installed, SwitchedOn, SwitchedOff {}

    record Installed(String room) implements Event {}

    record SwitchedOn() implements Event {}

    record SwitchedOff() implements Event {}

    record State(String room, boolean on, int switches) {}

    static final EventTypes TYPES = EventTypes.builder()
            .register("Installed", Installed.class)
            .register("SwitchedOn", SwitchedOn.class)
            .register("SwitchedOff", SwitchedOff.class)
            .build();

    static final AggregateType<Event, State> LIGHT = AggregateType.of("Light", State.class, Event.class, TYPES);

    static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State("", false, 0);
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case Install install -> List.of(new Installed(install.room()));
                case SwitchOn on -> state.on() ? List.of() : List.of(new SwitchedOn());
                case SwitchOff off -> {
                    if (state.room().isEmpty()) {
                        throw new DomainException("no light is installed");
                    }
                    yield state.on() ? List.of(new SwitchedOff()) : List.of();
                }
                case Flicker flicker -> {
                    var events = new java.util.ArrayList<Event>();
                    for (int i = 0; i < flicker.times(); i++) {
                        events.add(new SwitchedOn());
                        events.add(new SwitchedOff());
                    }
                    yield events;
                }
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Installed installed -> new State(installed.room(), false, 0);
                case SwitchedOn on -> new State(state.room(), true, state.switches() + 1);
                case SwitchedOff off -> new State(state.room(), false, state.switches() + 1);
            };
        }
    };
}
