package dev.escqrs.testkit.internal;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import java.util.List;

/** The aggregate the race checker hammers: a tally that counts marks, each mark carrying its command's token. */
public final class Tally {
    private Tally() {}

    public sealed interface Command permits Open, Mark {}

    public record Open() implements Command {}

    public record Mark(String token) implements Command {}

    public sealed interface Event permits Opened, Marked {}

    public record Opened() implements Event {}

    public record Marked(String token) implements Event {}

    public record State(long marks, String lastToken) {}

    public static final EventTypes TYPES = EventTypes.builder()
            .register("TallyOpened", Opened.class)
            .register("TallyMarked", Marked.class)
            .build();

    public static final AggregateType<Event, State> TALLY = AggregateType.of("Tally", State.class, Event.class, TYPES);

    public static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State(0, "");
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case Open open -> List.of(new Opened());
                case Mark mark -> List.of(new Marked(mark.token()));
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Opened opened -> state;
                case Marked marked -> new State(state.marks() + 1, marked.token());
            };
        }
    };
}
