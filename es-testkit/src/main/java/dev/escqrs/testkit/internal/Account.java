package dev.escqrs.testkit.internal;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.EventTypes;

/**
 * The small aggregate the store contract runs on: an account that is opened, takes deposits and notes. Two
 * aggregate types ({@link #ACCOUNT}, {@link #LEDGER}) share its events, to show that equal ids of different types
 * never mix.
 */
public final class Account {
    private Account() {}

    /** The events. */
    public sealed interface Event permits Opened, Deposited, Noted, Unwritable, Sample.Sampled {}

    public record Opened(String owner) implements Event {}

    public record Deposited(long amount) implements Event {}

    public record Noted(String text) implements Event {}

    /** An event Jackson cannot write: its value has no properties to serialize. */
    public record Unwritable(Object value) implements Event {}

    /** A value with no properties: Jackson refuses to write it ("no serializer found"). */
    public static final class Opaque {}

    public record State(String owner, long balance, int notes) {
        static final State INITIAL = new State("", 0, 0);
    }

    public static final EventTypes TYPES = EventTypes.builder()
            .register("AccountOpened", Opened.class)
            .register("Deposited", Deposited.class)
            .register("Noted", Noted.class)
            .register("Unwritable", Unwritable.class)
            .register("Sampled", Sample.Sampled.class)
            .build();

    public static final AggregateType<Event, State> ACCOUNT =
            AggregateType.of("Account", State.class, Event.class, TYPES);
    public static final AggregateType<Event, State> LEDGER =
            AggregateType.of("Ledger", State.class, Event.class, TYPES);

    /** Every aggregate type the contract writes (stores with a table per type need one for each). */
    public static final java.util.List<String> AGGREGATE_NAMES = java.util.List.of("Account", "Ledger", "Sample");

    public static State evolve(State state, Event event) {
        return switch (event) {
            case Opened opened -> new State(opened.owner(), 0, 0);
            case Deposited deposited -> new State(state.owner(), state.balance() + deposited.amount(), state.notes());
            case Noted noted -> new State(state.owner(), state.balance(), state.notes() + 1);
            case Unwritable unwritable -> state;
            case Sample.Sampled sampled -> state;
        };
    }

    public static Reducer<Event, State> reducer(AggregateType<Event, State> type) {
        return new Reducer<>(type, State.INITIAL, Account::evolve);
    }

    /**
     * Appends, as one batch through the store's own append, an opening (when {@code id} is new) and {@code deposits}
     * deposits of 1, 2, 3 ...: the history the read-side tests write.
     */
    public static void openAndDeposit(
            dev.escqrs.core.port.EventStore store,
            dev.escqrs.core.port.AggregateReader reader,
            AggregateType<Event, State> type,
            dev.escqrs.core.event.EventIds ids,
            String id,
            int deposits) {
        java.util.Optional<dev.escqrs.core.aggregate.Aggregate<State>> current = reader.read(type, id);
        long version = current.map(dev.escqrs.core.aggregate.Aggregate::version).orElse(0L);
        java.util.List<dev.escqrs.core.event.AggregateEvent<Event>> events = new java.util.ArrayList<>();
        if (current.isEmpty()) {
            events.add(envelope(ids, type, id, ++version, new Opened("owner-" + id)));
        }
        for (int i = 0; i < deposits; i++) {
            events.add(envelope(ids, type, id, ++version, new Deposited(i + 1)));
        }
        store.append(new dev.escqrs.core.port.AppendBatch<>(
                type, reducer(type).fold(current, events).orElseThrow(), events));
    }

    /** An envelope of {@code payload} at {@code version}, by "actor", with no metadata. */
    public static dev.escqrs.core.event.AggregateEvent<Event> envelope(
            dev.escqrs.core.event.EventIds ids,
            AggregateType<Event, State> type,
            String id,
            long version,
            Event payload) {
        return new dev.escqrs.core.event.AggregateEvent<>(
                ids.next(),
                TYPES.byPayloadClass(payload.getClass()).name(),
                type.name(),
                id,
                version,
                "actor",
                payload,
                dev.escqrs.core.event.EventMetadata.NONE);
    }
}
