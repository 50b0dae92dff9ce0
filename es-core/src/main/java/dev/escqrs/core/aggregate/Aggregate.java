package dev.escqrs.core.aggregate;

import java.util.Objects;

/**
 * An aggregate as it stands after some number of events: its metadata and its state.
 *
 * <pre>{@code
 * Aggregate<BlogPost> post = reader.read(BLOG_POST, id).orElseThrow();
 * post.meta().version(); post.state().title();
 * }</pre>
 */
public record Aggregate<S>(AggregateMeta meta, S state) {
    public Aggregate {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(state, "state");
    }

    public String id() {
        return meta.id();
    }

    public long version() {
        return meta.version();
    }
}
