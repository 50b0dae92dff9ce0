package dev.escqrs.benchmarks.jmh;

import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.testkit.store.Histories;
import java.util.ArrayList;
import java.util.List;

/** Blog post histories for the benchmarks: a create, then title changes. */
public final class BenchHistories {
    private BenchHistories() {}

    public static List<AggregateEvent<BlogPostEvent>> of(String id, int length, EventIds ids) {
        List<AggregateEvent<BlogPostEvent>> events = new ArrayList<>(length);
        events.add(new AggregateEvent<>(
                ids.next(),
                "BlogPostCreated",
                "BlogPost",
                id,
                1,
                "alice",
                new BlogPostEvent.BlogPostCreated("t0", "alice"),
                EventMetadata.NONE));
        for (int v = 2; v <= length; v++) {
            events.add(new AggregateEvent<>(
                    ids.next(),
                    "BlogPostTitleChanged",
                    "BlogPost",
                    id,
                    v,
                    "alice",
                    new BlogPostEvent.BlogPostTitleChanged("t" + v),
                    EventMetadata.NONE));
        }
        return events;
    }

    /** Appends a history through the store's own append, in batches of at most 99 events. */
    public static void seed(EventStore store, String id, int length, EventIds ids) {
        Histories.append(store, Reducer.of(BlogPosts.BLOG_POST, new BlogPostDecider()), of(id, length, ids));
    }
}
