package dev.escqrs.spring.boot;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import java.util.Objects;

/**
 * An aggregate type the application handles commands for: declare one as a bean and the starter adds its events to
 * the codec and makes its {@code CommandHandler} ({@link CommandHandlers#get}).
 *
 * <pre>{@code
 * @Bean
 * EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> blogPosts() {
 *     return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
 * }
 * }</pre>
 */
public record EscqrsAggregate<C, E, S>(AggregateType<E, S> type, Decider<C, E, S> decider) {
    public EscqrsAggregate {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(decider, "decider");
    }

    public static <C, E, S> EscqrsAggregate<C, E, S> of(AggregateType<E, S> type, Decider<C, E, S> decider) {
        return new EscqrsAggregate<>(type, decider);
    }
}
