package dev.escqrs.core.reaction;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What an event calls for in other aggregates: zero or more commands. A reaction is a pure function of the event
 * (no I/O, no clock, no random): delivered again, the same event must call for the same commands in the same order,
 * since each command's idempotency key is derived from the event and the command's place in the list. A workflow
 * that needs state (a process manager: "when payment failed after the order was placed, cancel it") keeps that state
 * in an aggregate of its own, which a reaction feeds and whose events another reaction turns into commands.
 *
 * <pre>{@code
 * Reaction countPublished = Reaction.on(BLOG_POST, BlogPostPublished.class, (event, published) -> List.of(
 *     Send.to(AUTHOR, CommandRequest.createOrUpdate(published.authorId(), "reaction:author-stats",
 *         new CountPublishedPost(event.aggregateId())))));
 * }</pre>
 */
public interface Reaction {
    /** The aggregate types whose events it reads; a runner delivers only these. */
    Set<AggregateType<?, ?>> aggregates();

    /** The commands {@code event} calls for; none for an event it does not react to. */
    List<Send> react(AggregateEvent<?> event);

    /** A reaction to the events of class {@code eventClass} of {@code type}. */
    static <E, X extends E> Reaction on(AggregateType<E, ?> type, Class<X> eventClass, Handler<E, X> handler) {
        return builder().on(type, eventClass, handler).build();
    }

    /** A reaction to several event classes, possibly of several aggregate types. */
    static Builder builder() {
        return new Builder();
    }

    /** The commands one event calls for, given its envelope and its payload as the class subscribed to. */
    @FunctionalInterface
    interface Handler<E, X extends E> {
        List<Send> react(AggregateEvent<E> event, X payload);
    }

    /** Collects handlers; an event is given to every handler of its payload's class (usually one). */
    final class Builder {
        private record On(
                AggregateType<?, ?> type, Class<?> eventClass, Function<AggregateEvent<?>, List<Send>> react) {}

        private final List<On> handlers = new ArrayList<>();

        private Builder() {}

        @SuppressWarnings("unchecked")
        public <E, X extends E> Builder on(AggregateType<E, ?> type, Class<X> eventClass, Handler<E, X> handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(eventClass, "eventClass");
            Objects.requireNonNull(handler, "handler");
            type.event(eventClass); // refuses a class the type does not register
            handlers.add(new On(
                    type,
                    eventClass,
                    event -> handler.react((AggregateEvent<E>) event, eventClass.cast(event.payload()))));
            return this;
        }

        public Reaction build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException(
                        "a reaction needs at least one handler: call on(type, eventClass, ...)");
            }
            List<On> all = List.copyOf(handlers);
            Set<AggregateType<?, ?>> types = new LinkedHashSet<>();
            all.forEach(h -> types.add(h.type()));
            Set<AggregateType<?, ?>> aggregates = Set.copyOf(types);
            return new Reaction() {
                @Override
                public Set<AggregateType<?, ?>> aggregates() {
                    return aggregates;
                }

                @Override
                public List<Send> react(AggregateEvent<?> event) {
                    List<Send> sends = new ArrayList<>();
                    for (On on : all) {
                        if (on.type().name().equals(event.aggregateName())
                                && on.eventClass().isInstance(event.payload())) {
                            List<Send> more = on.react().apply(event);
                            if (more == null || more.stream().anyMatch(Objects::isNull)) {
                                throw new IllegalStateException("a reaction to %s returned %s; return a list of "
                                                .formatted(event.eventName(), more)
                                        + "commands, empty for none");
                            }
                            sends.addAll(more);
                        }
                    }
                    return sends;
                }
            };
        }
    }
}
