package dev.escqrs.testkit.internal;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.EventTypes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The aggregate the parity contract runs on: a purse with {@code BigDecimal} money, as a new user would write it (no
 * normalisation of numbers), a state that changes shape between "releases" ({@link Balance}, {@link BalanceV2},
 * {@link Slim}, {@link Counted}), and a state whose field names are the row's own ({@link RowLike}).
 */
public final class Purse {
    private Purse() {}

    public sealed interface Event permits Opened, Deposited, Labelled {}

    public record Opened(String owner) implements Event {}

    public record Deposited(BigDecimal amount) implements Event {}

    public record Labelled(Map<String, Object> labels) implements Event {}

    public sealed interface Command permits Open, Deposit, Label, Nothing {}

    public record Open(String owner) implements Command {}

    public record Deposit(BigDecimal amount) implements Command {}

    public record Label(Map<String, Object> labels) implements Command {}

    /** Decides no events, whatever the state. */
    public record Nothing() implements Command {}

    public static final EventTypes TYPES = EventTypes.builder()
            .register("PurseOpened", Opened.class)
            .register("PurseDeposited", Deposited.class)
            .register("PurseLabelled", Labelled.class)
            .build();

    /** The state of the first release. */
    public record Balance(String owner, BigDecimal balance) {}

    /** The next release: a new primitive field, which a row of the first release cannot fill. */
    public record BalanceV2(String owner, BigDecimal balance, int deposits) {}

    /** A release that dropped a field: the first release's rows have one field too many. */
    public record Slim(BigDecimal balance) {}

    /** A release whose new field reads from old rows (as null), so it declares state version 2 to be rebuilt. */
    public record Counted(String owner, BigDecimal balance, Integer deposits) {}

    /** A state whose field names are the names the DynamoDB row uses for itself. */
    public record RowLike(
            String aggregateId,
            long version,
            String actorId,
            String createdAt,
            String updatedAt,
            String lastEventId,
            int stateVersion,
            String state) {}

    /** A release that keeps the last labels in the state: a big label is then stored twice, in its event and the state. */
    public record Labels(String owner, Map<String, Object> labels) {}

    public static final String NAME = "Purse";
    public static final AggregateType<Event, Balance> PURSE = AggregateType.of(NAME, Balance.class, Event.class, TYPES);
    public static final AggregateType<Event, BalanceV2> PURSE_V2 =
            AggregateType.of(NAME, BalanceV2.class, Event.class, TYPES);
    public static final AggregateType<Event, Slim> PURSE_SLIM = AggregateType.of(NAME, Slim.class, Event.class, TYPES);
    public static final AggregateType<Event, Counted> PURSE_COUNTED =
            AggregateType.of(NAME, Counted.class, Event.class, TYPES).withStateVersion(2);
    public static final AggregateType<Event, Labels> PURSE_LABELS =
            AggregateType.of(NAME, Labels.class, Event.class, TYPES);
    public static final AggregateType<Event, RowLike> PURSE_ROW_LIKE =
            AggregateType.of(NAME, RowLike.class, Event.class, TYPES);

    private static List<Event> decide(Command command, boolean open) {
        return switch (command) {
            case Open o -> {
                if (open) {
                    throw new DomainException("already open");
                }
                yield List.of(new Opened(o.owner()));
            }
            case Deposit d -> List.of(new Deposited(d.amount()));
            case Label l -> List.of(new Labelled(l.labels()));
            case Nothing n -> List.of();
        };
    }

    public static final Decider<Command, Event, Balance> DECIDER = new Decider<>() {
        public Balance initialState() {
            return new Balance("", BigDecimal.ZERO);
        }

        public List<Event> decide(Command command, Balance state) {
            return Purse.decide(command, !state.owner().isEmpty());
        }

        public Balance evolve(Balance state, Event event) {
            return switch (event) {
                case Opened o -> new Balance(o.owner(), BigDecimal.ZERO);
                case Deposited d -> new Balance(state.owner(), state.balance().add(d.amount()));
                case Labelled l -> state;
            };
        }
    };

    public static final Decider<Command, Event, Labels> DECIDER_LABELS = new Decider<>() {
        public Labels initialState() {
            return new Labels("", Map.of());
        }

        public List<Event> decide(Command command, Labels state) {
            return Purse.decide(command, !state.owner().isEmpty());
        }

        public Labels evolve(Labels state, Event event) {
            return switch (event) {
                case Opened o -> new Labels(o.owner(), Map.of());
                case Deposited d -> state;
                case Labelled l -> new Labels(state.owner(), l.labels());
            };
        }
    };

    public static final Decider<Command, Event, BalanceV2> DECIDER_V2 = new Decider<>() {
        public BalanceV2 initialState() {
            return new BalanceV2("", BigDecimal.ZERO, 0);
        }

        public List<Event> decide(Command command, BalanceV2 state) {
            return Purse.decide(command, !state.owner().isEmpty());
        }

        public BalanceV2 evolve(BalanceV2 state, Event event) {
            return switch (event) {
                case Opened o -> new BalanceV2(o.owner(), BigDecimal.ZERO, 0);
                case Deposited d -> new BalanceV2(state.owner(), state.balance().add(d.amount()), state.deposits() + 1);
                case Labelled l -> state;
            };
        }
    };

    public static final Decider<Command, Event, Slim> DECIDER_SLIM = new Decider<>() {
        public Slim initialState() {
            return new Slim(BigDecimal.ZERO);
        }

        public List<Event> decide(Command command, Slim state) {
            return Purse.decide(command, false);
        }

        public Slim evolve(Slim state, Event event) {
            return switch (event) {
                case Opened o -> new Slim(BigDecimal.ZERO);
                case Deposited d -> new Slim(state.balance().add(d.amount()));
                case Labelled l -> state;
            };
        }
    };

    public static final Decider<Command, Event, Counted> DECIDER_COUNTED = new Decider<>() {
        public Counted initialState() {
            return new Counted("", BigDecimal.ZERO, 0);
        }

        public List<Event> decide(Command command, Counted state) {
            return Purse.decide(command, !state.owner().isEmpty());
        }

        public Counted evolve(Counted state, Event event) {
            return switch (event) {
                case Opened o -> new Counted(o.owner(), BigDecimal.ZERO, 0);
                case Deposited d -> new Counted(state.owner(), state.balance().add(d.amount()), state.deposits() + 1);
                case Labelled l -> state;
            };
        }
    };

    public static final Decider<Command, Event, RowLike> DECIDER_ROW_LIKE = new Decider<>() {
        public RowLike initialState() {
            return new RowLike("", 0, "", "", "", "", 0, "");
        }

        public List<Event> decide(Command command, RowLike state) {
            return Purse.decide(command, !state.aggregateId().isEmpty());
        }

        public RowLike evolve(RowLike s, Event event) {
            return switch (event) {
                case Opened o -> new RowLike(o.owner(), 1, "actor", "yesterday", "today", "none", 7, "fine");
                case Deposited d ->
                    new RowLike(
                            s.aggregateId(),
                            s.version() + 1,
                            s.actorId(),
                            s.createdAt(),
                            s.updatedAt(),
                            s.lastEventId(),
                            s.stateVersion(),
                            s.state());
                case Labelled l -> s;
            };
        }
    };
}
