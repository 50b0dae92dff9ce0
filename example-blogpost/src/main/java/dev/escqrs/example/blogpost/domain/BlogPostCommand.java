package dev.escqrs.example.blogpost.domain;

/**
 * What can be asked of a blog post. The author of a new post is the actor who creates it; {@code actorId} is the
 * authenticated actor, set by the service (never taken from a request body), so that the decider can tell whether
 * the actor may do it.
 */
public sealed interface BlogPostCommand
        permits BlogPostCommand.CreateBlogPost, BlogPostCommand.ChangeTitle, BlogPostCommand.PublishBlogPost {

    record CreateBlogPost(String title, String authorId) implements BlogPostCommand {}

    record ChangeTitle(String title, String actorId) implements BlogPostCommand {}

    record PublishBlogPost(String actorId) implements BlogPostCommand {}
}
