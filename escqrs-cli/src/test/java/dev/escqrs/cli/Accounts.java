package dev.escqrs.cli;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import java.util.List;

/** The tests' aggregates: an account (registered with the CLI) and a note (left out, so verified without a decider). */
final class Accounts {
    private Accounts() {}

    sealed interface Command permits Open, Deposit {}

    record Open(String owner) implements Command {}

    record Deposit(long amount) implements Command {}

    sealed interface Event permits Opened, Deposited {}

    record Opened(String owner) implements Event {}

    record Deposited(long amount) implements Event {}

    record Account(String owner, long balance) {}

    static final AggregateType<Event, Account> ACCOUNT = AggregateType.of(
            "Account",
            Account.class,
            Event.class,
            EventTypes.builder()
                    .register("Opened", Opened.class)
                    .register("Deposited", Deposited.class)
                    .build());

    static final Decider<Command, Event, Account> DECIDER = new Decider<>() {
        @Override
        public Account initialState() {
            return new Account("", 0);
        }

        @Override
        public List<Event> decide(Command command, Account account) {
            return switch (command) {
                case Open open -> List.of(new Opened(open.owner()));
                case Deposit deposit -> List.of(new Deposited(deposit.amount()));
            };
        }

        @Override
        public Account evolve(Account account, Event event) {
            return switch (event) {
                case Opened opened -> new Account(opened.owner(), 0);
                case Deposited deposited -> new Account(account.owner(), account.balance() + deposited.amount());
            };
        }
    };

    /** A note: one event, written again and again. */
    record Written(String text) {}

    record Note(String text) {}

    static final AggregateType<Written, Note> NOTE = AggregateType.of(
            "Note",
            Note.class,
            Written.class,
            EventTypes.builder().register("Written", Written.class).build());

    static final Decider<Written, Written, Note> NOTE_DECIDER = new Decider<>() {
        @Override
        public Note initialState() {
            return new Note("");
        }

        @Override
        public List<Written> decide(Written command, Note note) {
            return List.of(command);
        }

        @Override
        public Note evolve(Note note, Written event) {
            return new Note(event.text());
        }
    };
}
