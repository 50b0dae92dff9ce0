package dev.escqrs.core.aggregate;

import dev.escqrs.core.event.Identifiers;

import java.util.Objects;

/**
 * What the framework needs to know of one kind of aggregate: the name its events and table carry, its state record,
 * the type all its event payloads share (its sealed event interface), and the version of its state's shape.
 *
 * <pre>{@code
 * static final AggregateType<BlogPost, BlogPostEvent> BLOG_POST =
 *     AggregateType.of("BlogPost", BlogPost.class, BlogPostEvent.class);
 * static final AggregateType<BlogPost, BlogPostEvent> BLOG_POST_V2 = BLOG_POST.withStateVersion(2);
 * }</pre>
 *
 * <p>The stored aggregate row is a cache of the fold of the events. A row written at another state version, or one
 * that cannot be read as {@code stateClass}, is rebuilt from the events by the command handler (see
 * {@link dev.escqrs.core.error.UnreadableStateException}). Raise the state version when the state's meaning changes
 * in a way that still reads (a new field with a default, a field whose meaning changed); a state that no longer reads
 * at all (a new primitive field, a removed field) is rebuilt without it.
 *
 * @param <S> the state
 * @param <E> the event payloads
 * @param stateVersion the version of the state's shape, 1 or more (default 1)
 */
public record AggregateType<S, E>(String name, Class<S> stateClass, Class<E> eventClass, int stateVersion) {
    public AggregateType {
        Identifiers.requireValid("aggregateName", name);
        if (name.contains("#")) {
            throw new IllegalArgumentException("aggregate name '%s' may not contain '#', which separates stream ids"
                    .formatted(name));
        }
        Objects.requireNonNull(stateClass, "stateClass");
        Objects.requireNonNull(eventClass, "eventClass");
        if (stateVersion < 1) {
            throw new IllegalArgumentException("aggregate %s: stateVersion must be 1 or more, got %d"
                    .formatted(name, stateVersion));
        }
    }

    /** An aggregate type at state version 1. */
    public static <S, E> AggregateType<S, E> of(String name, Class<S> stateClass, Class<E> eventClass) {
        return new AggregateType<>(name, stateClass, eventClass, 1);
    }

    /** The same type with another state version: rows stored at any other version are rebuilt from the events. */
    public AggregateType<S, E> withStateVersion(int version) {
        return new AggregateType<>(name, stateClass, eventClass, version);
    }
}
