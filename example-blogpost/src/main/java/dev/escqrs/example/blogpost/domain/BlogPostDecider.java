package dev.escqrs.example.blogpost.domain;

import dev.escqrs.core.decider.Decider;
import dev.escqrs.example.blogpost.domain.BlogPostCommand.ChangeTitle;
import dev.escqrs.example.blogpost.domain.BlogPostCommand.CreateBlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand.PublishBlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostCreated;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostPublished;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostTitleChanged;
import java.util.List;

/**
 * The blog post's rules, as pure functions. Only a post's author may retitle or publish it; a title follows
 * {@link Titles}; a published post cannot be published again; changing the title to the title it has is a no-op.
 */
public final class BlogPostDecider implements Decider<BlogPostCommand, BlogPostEvent, BlogPost> {
    public static final int MAX_TITLE_LENGTH = Titles.MAX_LENGTH;

    @Override
    public BlogPost initialState() {
        return BlogPost.NONE;
    }

    @Override
    public List<BlogPostEvent> decide(BlogPostCommand command, BlogPost post) {
        return switch (command) {
            case CreateBlogPost create ->
                List.of(new BlogPostCreated(Titles.normalise(create.title()), create.authorId()));
            case ChangeTitle change -> {
                requireAuthor(change.actorId(), post, "retitle");
                String title = Titles.normalise(change.title());
                yield title.equals(post.title()) ? List.of() : List.of(new BlogPostTitleChanged(title));
            }
            case PublishBlogPost publish -> {
                requireAuthor(publish.actorId(), post, "publish");
                if (post.published()) {
                    throw new AlreadyPublishedException("the post is already published");
                }
                yield List.of(new BlogPostPublished());
            }
        };
    }

    @Override
    public BlogPost evolve(BlogPost post, BlogPostEvent event) {
        return switch (event) {
            case BlogPostCreated created -> new BlogPost(created.title(), created.authorId(), false);
            case BlogPostTitleChanged changed -> new BlogPost(changed.title(), post.authorId(), post.published());
            case BlogPostPublished published -> new BlogPost(post.title(), post.authorId(), true);
        };
    }

    private static void requireAuthor(String actorId, BlogPost post, String what) {
        if (!post.authorId().equals(actorId)) {
            throw new ForbiddenException("only the post's author may %s it".formatted(what));
        }
    }
}
