package dev.escqrs.example.blogpost.domain;

/** What can be asked of a blog post. The author of a new post is the actor who creates it. */
public sealed interface BlogPostCommand permits BlogPostCommand.CreateBlogPost, BlogPostCommand.ChangeTitle,
        BlogPostCommand.PublishBlogPost {

    record CreateBlogPost(String title, String authorId) implements BlogPostCommand {
    }

    record ChangeTitle(String title) implements BlogPostCommand {
    }

    record PublishBlogPost() implements BlogPostCommand {
    }
}
