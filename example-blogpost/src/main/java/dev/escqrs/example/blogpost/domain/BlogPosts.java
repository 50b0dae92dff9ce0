package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.privacy.DataKeys;
import java.util.List;

/** The blog post aggregate's type and its registered events. */
public final class BlogPosts {
    private BlogPosts() {}

    private static final EventTypes EVENTS = EventTypes.builder()
            .register("BlogPostCreated", BlogPostEvent.BlogPostCreated.class)
            .register("BlogPostTitleChanged", BlogPostEvent.BlogPostTitleChanged.class)
            .register("BlogPostPublished", BlogPostEvent.BlogPostPublished.class)
            .build();

    public static final AggregateType<BlogPostEvent, BlogPost> BLOG_POST =
            AggregateType.of("BlogPost", BlogPost.class, BlogPostEvent.class, EVENTS);

    /** Every aggregate type of the service: one events table holds them all, one aggregate table each. */
    public static final List<AggregateType<?, ?>> ALL = List.of(BLOG_POST, Author.AUTHOR);

    /** Their names, for creating tables. */
    public static final List<String> ALL_NAMES =
            ALL.stream().map(AggregateType::name).toList();

    /**
     * The codec for the events and states of every aggregate type of the service, encrypting the personal data they
     * mark ({@link Author}'s profile) with the subjects' keys in {@code keys}. There is no codec without keys: one would
     * refuse to write an author, and could not read one. Every store, runner, Lambda and CLI of the service gets one
     * made here, with the same kind of key store (in memory, or {@code DynamoDbDataKeys}).
     */
    public static JsonCodec codec(DataKeys keys) {
        return JsonCodec.of(ALL.toArray(AggregateType<?, ?>[]::new)).withPersonalData(keys);
    }
}
