package dev.escqrs.core.aggregate;

import dev.escqrs.core.event.Identifiers;

import java.util.Objects;

/**
 * What the framework needs to know of one kind of aggregate: the name its events and table carry, its state record,
 * and the type all its event payloads share (its sealed event interface).
 *
 * <pre>{@code
 * static final AggregateType<BlogPost, BlogPostEvent> BLOG_POST =
 *     AggregateType.of("BlogPost", BlogPost.class, BlogPostEvent.class);
 * }</pre>
 *
 * @param <S> the state
 * @param <E> the event payloads
 */
public record AggregateType<S, E>(String name, Class<S> stateClass, Class<E> eventClass) {
    public AggregateType {
        Identifiers.requireValid("aggregateName", name);
        if (name.contains("#")) {
            throw new IllegalArgumentException("aggregate name '%s' may not contain '#', which separates stream ids"
                    .formatted(name));
        }
        Objects.requireNonNull(stateClass, "stateClass");
        Objects.requireNonNull(eventClass, "eventClass");
    }

    public static <S, E> AggregateType<S, E> of(String name, Class<S> stateClass, Class<E> eventClass) {
        return new AggregateType<>(name, stateClass, eventClass);
    }
}
