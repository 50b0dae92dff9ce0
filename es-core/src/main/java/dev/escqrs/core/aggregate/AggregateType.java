package dev.escqrs.core.aggregate;

import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.event.EventType;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.internal.PersonalFields;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
public record AggregateType<E, S>(
        String name, Class<S> stateClass, Class<E> eventClass, EventTypes events, int stateVersion) {
    public AggregateType {
        Identifiers.requireValid("aggregateName", name);
        if (name.contains("#")) {
            throw new IllegalArgumentException(
                    "aggregate name '%s' may not contain '#', which separates stream ids".formatted(name));
        }
        Objects.requireNonNull(stateClass, "stateClass");
        Objects.requireNonNull(eventClass, "eventClass");
        Objects.requireNonNull(events, "events");
        PersonalFields.of(stateClass); // a wrong @PersonalData mark on the state fails here, at start
        for (String eventName : events.names()) {
            Class<?> payloadClass = events.byName(eventName).payloadClass();
            if (!eventClass.isAssignableFrom(payloadClass)) {
                throw new IllegalArgumentException("aggregate %s: event '%s' has payload %s, which is not a %s"
                        .formatted(name, eventName, payloadClass.getName(), eventClass.getName()));
            }
        }
        if (stateVersion < 1) {
            throw new IllegalArgumentException(
                    "aggregate %s: stateVersion must be 1 or more, got %d".formatted(name, stateVersion));
        }
    }

    /** An aggregate type at state version 1. */
    public static <E, S> AggregateType<E, S> of(
            String name, Class<S> stateClass, Class<E> eventClass, EventTypes events) {
        return new AggregateType<>(name, stateClass, eventClass, events, 1);
    }

    /** The same type with another state version: rows stored at any other version are rebuilt from the events. */
    public AggregateType<E, S> withStateVersion(int version) {
        return new AggregateType<>(name, stateClass, eventClass, events, version);
    }

    /**
     * The aggregate the store holds, as {@code conflict} learnt it while refusing an append (DynamoDB's {@code ALL_OLD}
     * row), typed as this type's; empty when the store did not learn it, or when it is not an aggregate of this type.
     */
    public Optional<Aggregate<S>> currentIn(ConflictException conflict) {
        return conflict.currentAggregate()
                .filter(current -> current instanceof Aggregate<?> aggregate
                        && name.equals(conflict.aggregateName())
                        && stateClass.isInstance(aggregate.state()))
                .map(current -> (Aggregate<?>) current)
                .map(aggregate -> new Aggregate<>(aggregate.meta(), stateClass.cast(aggregate.state())));
    }

    /** The registered type of {@code payloadClass}, one of this aggregate's events. */
    public <P extends E> EventType<P> event(Class<P> payloadClass) {
        return events.byPayloadClass(payloadClass);
    }

    /**
     * The event classes the type's sealed event interface permits that are not registered: each would be refused at
     * its first emit. Followed through sealed sub-interfaces; empty when {@code eventClass} is not sealed (then the
     * classes cannot be listed) or when every permitted class is registered. A {@code CommandHandler} refuses to
     * build while any is missing.
     */
    public List<Class<?>> unregisteredEventClasses() {
        List<Class<?>> missing = new ArrayList<>();
        collectUnregistered(eventClass, missing);
        return List.copyOf(missing);
    }

    private void collectUnregistered(Class<?> sealed, List<Class<?>> missing) {
        Class<?>[] permitted = sealed.getPermittedSubclasses();
        if (permitted == null) {
            return;
        }
        for (Class<?> subclass : permitted) {
            if (!subclass.isInterface()
                    && !Modifier.isAbstract(subclass.getModifiers())
                    && !events.hasPayloadClass(subclass)) {
                missing.add(subclass);
            }
            collectUnregistered(subclass, missing);
        }
    }

    /**
     * Refuses the type when its sealed event interface permits a class that is not registered (see
     * {@link #unregisteredEventClasses()}), naming the classes and how to register them.
     *
     * @throws IllegalArgumentException some are not registered
     */
    public AggregateType<E, S> requireEveryEventRegistered() {
        List<Class<?>> missing = unregisteredEventClasses();
        if (!missing.isEmpty()) {
            StringBuilder fix = new StringBuilder();
            missing.forEach(c -> fix.append(".register(\"")
                    .append(c.getSimpleName())
                    .append("\", ")
                    .append(c.getSimpleName())
                    .append(".class)"));
            throw new IllegalArgumentException(("aggregate %s: event class%s %s of %s %s not registered, so emitting "
                            + "one would fail; register %s in the AggregateType's EventTypes: EventTypes.builder()%s")
                    .formatted(
                            name,
                            missing.size() > 1 ? "es" : "",
                            missing.stream().map(Class::getName).toList(),
                            eventClass.getName(),
                            missing.size() > 1 ? "are" : "is",
                            missing.size() > 1 ? "each" : "it",
                            fix));
        }
        return this;
    }

    /** The name {@code payload} is stored under. */
    public String eventName(E payload) {
        return events.byPayloadClass(payload.getClass()).name();
    }
}
