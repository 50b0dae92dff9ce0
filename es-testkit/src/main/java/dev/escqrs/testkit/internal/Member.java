package dev.escqrs.testkit.internal;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.privacy.PersonalData;
import java.util.List;

/**
 * The aggregate the privacy contract runs on: a member whose email and name are personal data, of the member (the
 * aggregate) in its state and in {@link EmailChanged}, and of the subject named in the event in {@link Joined}.
 */
public final class Member {
    private Member() {}

    public static final String NAME = "Member";

    public sealed interface Event permits Joined, EmailChanged, Visited {}

    public record Joined(
            String memberId,
            @PersonalData(subject = "memberId") String email,
            @PersonalData(subject = "memberId") String name,
            String plan)
            implements Event {}

    public record EmailChanged(
            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String email) implements Event {}

    public record Visited(String page) implements Event {}

    public sealed interface Command permits Join, ChangeEmail, Visit {}

    public record Join(String memberId, String email, String name) implements Command {}

    public record ChangeEmail(String email) implements Command {}

    public record Visit(String page) implements Command {}

    /** The state: who the member is, and how many visits. */
    public record State(
            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String email,

            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String name,

            String plan,
            int visits) {
        public static final State NONE = new State(null, null, "", 0);
    }

    public static final EventTypes TYPES = EventTypes.builder()
            .register("MemberJoined", Joined.class)
            .register("MemberEmailChanged", EmailChanged.class)
            .register("MemberVisited", Visited.class)
            .build();

    public static final AggregateType<Event, State> MEMBER = AggregateType.of(NAME, State.class, Event.class, TYPES);

    public static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return State.NONE;
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case Join join -> List.of(new Joined(join.memberId(), join.email(), join.name(), "basic"));
                case ChangeEmail change -> List.of(new EmailChanged(change.email()));
                case Visit visit -> List.of(new Visited(visit.page()));
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Joined joined -> new State(joined.email(), joined.name(), joined.plan(), 0);
                case EmailChanged changed -> new State(changed.email(), state.name(), state.plan(), state.visits());
                case Visited visited -> new State(state.email(), state.name(), state.plan(), state.visits() + 1);
            };
        }
    };
}
