package dev.escqrs.example.blogpost.domain;

/** What happens to a blog post. */
public sealed interface BlogPostEvent
        permits BlogPostEvent.BlogPostCreated, BlogPostEvent.BlogPostTitleChanged, BlogPostEvent.BlogPostPublished {

    record BlogPostCreated(String title, String authorId) implements BlogPostEvent {}

    record BlogPostTitleChanged(String title) implements BlogPostEvent {}

    record BlogPostPublished() implements BlogPostEvent {}
}
