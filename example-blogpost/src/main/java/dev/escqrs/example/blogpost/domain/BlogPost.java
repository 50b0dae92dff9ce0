package dev.escqrs.example.blogpost.domain;

/** The state of a blog post. {@link #NONE} is the state before it is created. */
public record BlogPost(String title, String authorId, boolean published) {
    public static final BlogPost NONE = new BlogPost("", "", false);
}
