package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.EventTypes;

/** The blog post aggregate's type and its registered events. */
public final class BlogPosts {
    private BlogPosts() {
    }

    private static final EventTypes EVENTS = EventTypes.builder()
            .register("BlogPostCreated", BlogPostEvent.BlogPostCreated.class)
            .register("BlogPostTitleChanged", BlogPostEvent.BlogPostTitleChanged.class)
            .register("BlogPostPublished", BlogPostEvent.BlogPostPublished.class)
            .build();

    public static final AggregateType<BlogPost, BlogPostEvent> BLOG_POST =
            AggregateType.of("BlogPost", BlogPost.class, BlogPostEvent.class, EVENTS);

}
