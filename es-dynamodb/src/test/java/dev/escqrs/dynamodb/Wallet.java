package dev.escqrs.dynamodb;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import java.util.ArrayList;
import java.util.List;

/** A wallet aggregate for the adapter's own tests, with state field names that must go through placeholders. */
final class Wallet {
    private Wallet() {}

    sealed interface Command permits Open, Deposit, DepositMany, Memo {}

    record Open(String owner) implements Command {}

    record Deposit(long amount) implements Command {}

    record DepositMany(int count) implements Command {}

    record Memo(String text) implements Command {}

    sealed interface Event permits Opened, Deposited, Memoed {}

    record Opened(String owner) implements Event {}

    record Deposited(long amount) implements Event {}

    record Memoed(String text) implements Event {}

    /** Field names a raw expression would choke on: they must be stored as they are. */
    record State(
            String owner,
            long balance,
            @JsonProperty("a-b") String memo,
            @JsonProperty("#x") int deposits,
            @JsonProperty("size") int sizeKeyword) {}

    static final EventTypes TYPES = EventTypes.builder()
            .register("WalletOpened", Opened.class)
            .register("WalletDeposited", Deposited.class)
            .register("WalletMemoed", Memoed.class)
            .build();

    static final AggregateType<Event, State> WALLET = AggregateType.of("Wallet", State.class, Event.class, TYPES);

    static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State("", 0, "", 0, 0);
        }

        @Override
        public List<Event> decide(Command command, State state) {
            return switch (command) {
                case Open open -> List.of(new Opened(open.owner()));
                case Deposit deposit -> List.of(new Deposited(deposit.amount()));
                case DepositMany many -> {
                    List<Event> events = new ArrayList<>();
                    for (int i = 0; i < many.count(); i++) {
                        events.add(new Deposited(1));
                    }
                    yield events;
                }
                case Memo memo -> List.of(new Memoed(memo.text()));
            };
        }

        @Override
        public State evolve(State state, Event event) {
            return switch (event) {
                case Opened opened -> new State(opened.owner(), 0, "", 0, 0);
                case Deposited d ->
                    new State(
                            state.owner(),
                            state.balance() + d.amount(),
                            state.memo(),
                            state.deposits() + 1,
                            state.sizeKeyword());
                case Memoed m ->
                    new State(
                            state.owner(),
                            state.balance(),
                            m.text(),
                            state.deposits(),
                            m.text().length());
            };
        }
    };
}
