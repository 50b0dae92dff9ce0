package dev.escqrs.core.aggregate;

import dev.escqrs.core.event.EventType;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.internal.Identifiers;

import java.util.Objects;

/**
 * What the framework needs to know of one kind of aggregate: the name its events and table carry, its state record,
 * the type all its event payloads share (its sealed event interface), the names its events are stored under, and the
 * version of its state's shape. The event names are given here once: the command handler names new events from them
 * and {@link dev.escqrs.core.codec.JsonCodec#of} builds the codec from the same registrations.
 *
 * <pre>{@code
 * static final AggregateType<BlogPostEvent, BlogPost> BLOG_POST =
 *     AggregateType.of("BlogPost", BlogPost.class, BlogPostEvent.class, EventTypes.builder()
 *         .register("BlogPostCreated", BlogPostCreated.class)
 *         .register("BlogPostPublished", BlogPostPublished.class)
 *         .build());
 * static final AggregateType<BlogPostEvent, BlogPost> BLOG_POST_V2 = BLOG_POST.withStateVersion(2);
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
 * @param events the names of this aggregate's events; every registered payload class is an {@code eventClass}
 * @param stateVersion the version of the state's shape, 1 or more (default 1)
 */
public record AggregateType<E, S>(String name, Class<S> stateClass, Class<E> eventClass, EventTypes events,
                                  int stateVersion) {
    public AggregateType {
        Identifiers.requireValid("aggregateName", name);
        if (name.contains("#")) {
            throw new IllegalArgumentException("aggregate name '%s' may not contain '#', which separates stream ids"
                    .formatted(name));
        }
        Objects.requireNonNull(stateClass, "stateClass");
        Objects.requireNonNull(eventClass, "eventClass");
        Objects.requireNonNull(events, "events");
        for (String eventName : events.names()) {
            Class<?> payloadClass = events.byName(eventName).payloadClass();
            if (!eventClass.isAssignableFrom(payloadClass)) {
                throw new IllegalArgumentException("aggregate %s: event '%s' has payload %s, which is not a %s"
                        .formatted(name, eventName, payloadClass.getName(), eventClass.getName()));
            }
        }
        if (stateVersion < 1) {
            throw new IllegalArgumentException("aggregate %s: stateVersion must be 1 or more, got %d"
                    .formatted(name, stateVersion));
        }
    }

    /** An aggregate type at state version 1. */
    public static <E, S> AggregateType<E, S> of(String name, Class<S> stateClass, Class<E> eventClass,
                                                EventTypes events) {
        return new AggregateType<>(name, stateClass, eventClass, events, 1);
    }

    /** The same type with another state version: rows stored at any other version are rebuilt from the events. */
    public AggregateType<E, S> withStateVersion(int version) {
        return new AggregateType<>(name, stateClass, eventClass, events, version);
    }

    /** The registered type of {@code payloadClass}, one of this aggregate's events. */
    public <P extends E> EventType<P> event(Class<P> payloadClass) {
        return events.byPayloadClass(payloadClass);
    }

    /** The name {@code payload} is stored under. */
    public String eventName(E payload) {
        return events.byPayloadClass(payload.getClass()).name();
    }
}
