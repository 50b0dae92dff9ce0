package dev.escqrs.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An event class nobody registered is found when the command handler is built, not at its first emit. */
class EveryEventRegisteredTest {
    sealed interface Event permits Opened, Closed, Notes {}

    record Opened(String by) implements Event {}

    record Closed() implements Event {}

    /** A sealed sub-interface: its records are events of the type too. */
    sealed interface Notes extends Event permits NoteAdded, NoteRemoved {}

    record NoteAdded(String text) implements Notes {}

    record NoteRemoved(int index) implements Notes {}

    record Ticket(boolean open) {}

    private static final Decider<String, Event, Ticket> DECIDER = new Decider<>() {
        @Override
        public Ticket initialState() {
            return new Ticket(false);
        }

        @Override
        public List<Event> decide(String command, Ticket state) {
            return List.of(new NoteRemoved(0));
        }

        @Override
        public Ticket evolve(Ticket state, Event event) {
            return state;
        }
    };

    private static AggregateType<Event, Ticket> registering(Class<?>... classes) {
        EventTypes.Builder events = EventTypes.builder();
        for (Class<?> c : classes) {
            events.register(c.getSimpleName(), c);
        }
        return AggregateType.of("Ticket", Ticket.class, Event.class, events.build());
    }

    private static CommandHandler<String, Event, Ticket> handler(AggregateType<Event, Ticket> type) {
        ScriptedStore store = new ScriptedStore();
        return CommandHandler.builder(type, DECIDER).store(store, store).build();
    }

    @Test
    void lists_the_permitted_records_not_registered_through_sealed_sub_interfaces() {
        assertThat(registering(Opened.class, NoteAdded.class).unregisteredEventClasses())
                .containsExactly(Closed.class, NoteRemoved.class);
        assertThat(registering(Opened.class, Closed.class, NoteAdded.class, NoteRemoved.class)
                        .unregisteredEventClasses())
                .isEmpty();
    }

    @Test
    void a_command_handler_is_not_built_with_an_unregistered_event_class_and_the_message_says_how_to_register_it() {
        assertThatThrownBy(() -> handler(registering(Opened.class, Closed.class, NoteAdded.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aggregate Ticket: event class [" + NoteRemoved.class.getName() + "] of "
                        + Event.class.getName() + " is not registered")
                .hasMessageContaining("EventTypes.builder().register(\"NoteRemoved\", NoteRemoved.class)");
    }

    @Test
    void with_every_record_registered_it_builds_and_emits_them() {
        CommandHandler<String, Event, Ticket> built =
                handler(registering(Opened.class, Closed.class, NoteAdded.class, NoteRemoved.class));
        assertThat(built.handle(CommandRequest.create("ann", "open")).events())
                .singleElement()
                .satisfies(event -> assertThat(event.eventName()).isEqualTo("NoteRemoved"));
    }

    @Test
    void an_event_type_that_is_not_sealed_cannot_be_listed_and_is_not_refused() {
        AggregateType<Object, Ticket> open = AggregateType.of(
                "Open", Ticket.class, Object.class, EventTypes.builder().build());
        assertThat(open.unregisteredEventClasses()).isEmpty();
        assertThat(open.requireEveryEventRegistered()).isSameAs(open);
    }
}
