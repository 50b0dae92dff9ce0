package dev.escqrs.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.UnknownEventTypeException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A renamed event, the same on every store: release 1 stores {@code NoteTaken}; release 2 registers the same record
 * as {@code NoteWritten} with {@code alias("NoteTaken", "NoteWritten")}, reads the old events under the new name
 * (folds, histories, events by name, in event id order with the new ones) and writes only the new name.
 */
public abstract class EventAliasContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of("Note");

    public record Write(String text) {}

    public record Written(String text) {}

    public record Notes(long count, String last) {}

    static final AggregateType<Written, Notes> RELEASE_1 = AggregateType.of(
            "Note",
            Notes.class,
            Written.class,
            EventTypes.builder().register("NoteTaken", Written.class).build());
    static final AggregateType<Written, Notes> RELEASE_2 = AggregateType.of(
            "Note",
            Notes.class,
            Written.class,
            EventTypes.builder()
                    .register("NoteWritten", Written.class)
                    .alias("NoteTaken", "NoteWritten")
                    .build());
    static final AggregateType<Written, Notes> RELEASE_2_WITHOUT_ALIAS = AggregateType.of(
            "Note",
            Notes.class,
            Written.class,
            EventTypes.builder().register("NoteWritten", Written.class).build());

    static final Decider<Write, Written, Notes> NOTES = new Decider<>() {
        @Override
        public Notes initialState() {
            return new Notes(0, "");
        }

        @Override
        public List<Written> decide(Write command, Notes notes) {
            return List.of(new Written(command.text()));
        }

        @Override
        public Notes evolve(Notes notes, Written event) {
            return new Notes(notes.count() + 1, event.text());
        }
    };

    protected EventAliasContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** The same store, read and written through {@code codec}: what the next release of a service sees of it. */
    protected abstract Stores reopen(Stores stores, JsonCodec codec);

    private Stores release1;
    private String id;

    @BeforeEach
    void release1WritesTwoNotes() {
        release1 = fixture().create(JsonCodec.of(RELEASE_1));
        var notes = handler(RELEASE_1, release1);
        id = notes.handle(CommandRequest.create("ann", new Write("a")))
                .aggregate()
                .id();
        notes.handle(CommandRequest.update(id, "ann", new Write("b")));
    }

    @AfterEach
    void releaseStore() {
        release1.close();
    }

    private static CommandHandler<Write, Written, Notes> handler(AggregateType<Written, Notes> type, Stores stores) {
        return CommandHandler.builder(type, NOTES)
                .store(stores.eventStore(), stores.reader())
                .cacheSize(0)
                .build();
    }

    private static List<AggregateEvent<Written>> history(AggregateType<Written, Notes> type, Stores stores, String id) {
        try (Stream<AggregateEvent<Written>> events = stores.eventStore().events(type, id)) {
            return events.toList();
        }
    }

    @Test
    void the_next_release_reads_old_events_under_the_new_name_and_writes_the_new_name_only() {
        Stores release2 = reopen(release1, JsonCodec.of(RELEASE_2));

        handler(RELEASE_2, release2).handle(CommandRequest.update(id, "ann", new Write("c")));

        List<AggregateEvent<Written>> history = history(RELEASE_2, release2, id);
        assertThat(history).extracting(AggregateEvent::eventName).containsOnly("NoteWritten");
        assertThat(history).extracting(e -> e.payload().text()).containsExactly("a", "b", "c");
        assertThat(handler(RELEASE_2, release2).read(id).orElseThrow().state()).isEqualTo(new Notes(3, "c"));
        assertThatThrownBy(() -> history(RELEASE_1, release1, id))
                .as("release 1 finds the new name: the new event was written under it, not the old one")
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'NoteWritten'");
    }

    @Test
    void events_by_name_are_the_old_and_the_new_in_event_id_order() {
        Stores release2 = reopen(release1, JsonCodec.of(RELEASE_2));
        handler(RELEASE_2, release2).handle(CommandRequest.update(id, "ann", new Write("c")));
        List<String> ids = history(RELEASE_2, release2, id).stream()
                .map(AggregateEvent::eventId)
                .toList();

        Eventually.await("events by name to list the old and the new", () -> {
            try (Stream<AggregateEvent<Written>> written =
                    release2.eventStore().eventsByName(RELEASE_2, Written.class)) {
                return written.map(AggregateEvent::eventId).toList().equals(ids);
            }
        });
    }

    @Test
    void a_release_that_renames_without_the_alias_refuses_the_old_events_and_names_them() {
        Stores forgetful = reopen(release1, JsonCodec.of(RELEASE_2_WITHOUT_ALIAS));

        assertThatThrownBy(() -> history(RELEASE_2_WITHOUT_ALIAS, forgetful, id))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'NoteTaken'")
                .hasMessageContaining("NoteWritten");
    }
}
