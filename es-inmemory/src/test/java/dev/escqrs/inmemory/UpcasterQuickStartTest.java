package dev.escqrs.inmemory;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The snippet of docs/evolving-events.md, as it is there: an event that gains a field, and its upcaster. */
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

    @Test
    void the_docs_show_this_snippet_as_it_is_here() throws IOException {
        assertThat(DocSnippets.assertShownAsRun("docs/evolving-events.md", getClass())).isGreaterThan(5);
    }
}
