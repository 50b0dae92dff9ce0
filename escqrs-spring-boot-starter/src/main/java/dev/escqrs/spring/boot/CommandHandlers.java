package dev.escqrs.spring.boot;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandObserver;
import dev.escqrs.core.command.CommandTracer;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command handlers of the application's {@link EscqrsAggregate} beans, one per aggregate type, on the store.
 *
 * <pre>{@code
 * CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> posts = handlers.get(BlogPosts.BLOG_POST);
 * }</pre>
 */
public final class CommandHandlers {
    private final Map<String, CommandHandler<?, ?, ?>> byName = new LinkedHashMap<>();

    public CommandHandlers(
            List<EscqrsAggregate<?, ?, ?>> aggregates,
            EventStore store,
            AggregateReader reader,
            CommandObserver observer,
            CommandTracer tracer) {
        for (EscqrsAggregate<?, ?, ?> aggregate : aggregates) {
            if (byName.put(aggregate.type().name(), build(aggregate, store, reader, observer, tracer)) != null) {
                throw new EscqrsConfigurationException(
                        "two EscqrsAggregate beans are for aggregate type "
                                + aggregate.type().name(),
                        "declare one EscqrsAggregate bean per aggregate type");
            }
        }
    }

    private static <C, E, S> CommandHandler<C, E, S> build(
            EscqrsAggregate<C, E, S> aggregate,
            EventStore store,
            AggregateReader reader,
            CommandObserver observer,
            CommandTracer tracer) {
        return CommandHandler.builder(aggregate.type(), aggregate.decider())
                .store(store, reader)
                .observer(observer)
                .tracer(tracer)
                .build();
    }

    /**
     * The handler of {@code type}. Its command type is the decider's: name it where you keep the handler.
     *
     * @throws IllegalArgumentException no {@link EscqrsAggregate} bean is for {@code type}
     */
    @SuppressWarnings("unchecked") // the handler was built from the type's own decider; C is the caller's name for it
    public <C, E, S> CommandHandler<C, E, S> get(AggregateType<E, S> type) {
        CommandHandler<?, ?, ?> handler = byName.get(type.name());
        if (handler == null) {
            throw new IllegalArgumentException(
                    "no command handler for aggregate type %s: declare an EscqrsAggregate ".formatted(type.name())
                            + "bean for it (EscqrsAggregate.of(type, decider)); there are " + names());
        }
        return (CommandHandler<C, E, S>) handler;
    }

    /** Every handler, in the order of the beans: what the starter's reactors send through. */
    Collection<CommandHandler<?, ?, ?>> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** The aggregate types there are handlers for. */
    public Set<String> names() {
        return byName.keySet();
    }
}
