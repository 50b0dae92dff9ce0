package dev.escqrs.inmemory;

// spotless:off: the docs show this file's lines as they are here (DocSnippets), so the formatter leaves it alone

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The snippets of docs/evolving-events.md, as they are there: an event that gains a field (an upcaster), one renamed. */
class UpcasterQuickStartTest {
    /** Release 1 of the event. */
    record TitleChangedV1(String title) {
    }

    /** Release 2: every title change says why. */
    record TitleChanged(String title, String reason) {
    }

    @Test
    void an_event_stored_by_release_1_loads_in_release_2() {
        EventTypes release1 = EventTypes.builder()
                .register("BlogPostTitleChanged", TitleChangedV1.class)
                .build();
        EncodedEvent stored = JsonCodec.create(release1).encode(new AggregateEvent<>(EventIds.system().next(),
                "BlogPostTitleChanged", "BlogPost", "post-1", 2, "alice", new TitleChangedV1("Hello"), EventMetadata.NONE));

        EventTypes release2 = EventTypes.builder()
                .register("BlogPostTitleChanged", TitleChanged.class, 2)          // the schema is now at version 2
                .upcaster("BlogPostTitleChanged", 1, json -> json.put("reason", "unknown"))   // 1 -> 2
                .build();
        AggregateEvent<Object> loaded = JsonCodec.create(release2).decode(stored);

        assertThat(stored.schemaVersion()).isEqualTo(1);
        assertThat(loaded.payload()).isEqualTo(new TitleChanged("Hello", "unknown"));
    }

    /** A note, renamed from NoteTaken to NoteWritten. */
    record Written(String text) {
    }

    @Test
    void a_renamed_event_is_read_under_its_new_name() {
        EncodedEvent stored = JsonCodec.create(EventTypes.builder().register("NoteTaken", Written.class).build())
                .encode(new AggregateEvent<>(EventIds.system().next(), "NoteTaken", "Note", "note-1", 1, "alice",
                        new Written("hi"), EventMetadata.NONE));

        EventTypes renamed = EventTypes.builder()
                .register("NoteWritten", Written.class)
                .alias("NoteTaken", "NoteWritten")      // events stored as NoteTaken are read as NoteWritten
                .build();
        AggregateEvent<Object> loaded = JsonCodec.create(renamed).decode(stored);

        assertThat(loaded.eventName()).isEqualTo("NoteWritten");
        assertThat(loaded.payload()).isEqualTo(new Written("hi"));
    }

    @Test
    void the_docs_show_this_snippet_as_it_is_here() throws IOException {
        assertThat(DocSnippets.assertShownAsRun("docs/evolving-events.md", getClass())).isGreaterThan(5);
    }
}
// spotless:on
