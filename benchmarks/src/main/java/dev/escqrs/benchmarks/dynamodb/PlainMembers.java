package dev.escqrs.benchmarks.dynamodb;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.testkit.internal.Member;
import java.util.List;

/**
 * The twin of {@link Member} without any mark, for {@link PrivacyCost}: the same JSON, stored in the clear, decided
 * from the same commands.
 */
final class PlainMembers {
    private PlainMembers() {}

    sealed interface PlainEvent permits PlainJoined, PlainEmailChanged, PlainVisited {}

    record PlainJoined(String memberId, String email, String name, String plan) implements PlainEvent {}

    record PlainEmailChanged(String email) implements PlainEvent {}

    record PlainVisited(String page) implements PlainEvent {}

    record PlainState(String email, String name, String plan, int visits) {}

    static final AggregateType<PlainEvent, PlainState> PLAIN = AggregateType.of(
            "Plain",
            PlainState.class,
            PlainEvent.class,
            EventTypes.builder()
                    .register("MemberJoined", PlainJoined.class)
                    .register("MemberEmailChanged", PlainEmailChanged.class)
                    .register("MemberVisited", PlainVisited.class)
                    .build());

    static final Decider<Member.Command, PlainEvent, PlainState> PLAIN_DECIDER = new Decider<>() {
        @Override
        public PlainState initialState() {
            return new PlainState(null, null, "", 0);
        }

        @Override
        public List<PlainEvent> decide(Member.Command command, PlainState state) {
            return switch (command) {
                case Member.Join join -> List.of(new PlainJoined(join.memberId(), join.email(), join.name(), "basic"));
                case Member.ChangeEmail change -> List.of(new PlainEmailChanged(change.email()));
                case Member.Visit visit -> List.of(new PlainVisited(visit.page()));
            };
        }

        @Override
        public PlainState evolve(PlainState state, PlainEvent event) {
            return switch (event) {
                case PlainJoined joined -> new PlainState(joined.email(), joined.name(), joined.plan(), 0);
                case PlainEmailChanged changed ->
                    new PlainState(changed.email(), state.name(), state.plan(), state.visits());
                case PlainVisited visited ->
                    new PlainState(state.email(), state.name(), state.plan(), state.visits() + 1);
            };
        }
    };
}
