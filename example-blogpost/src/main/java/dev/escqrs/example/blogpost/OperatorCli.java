package dev.escqrs.example.blogpost;

import dev.escqrs.cli.EscqrsCli;
import dev.escqrs.dynamodb.StorageMode;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPosts;

/**
 * The service's operator CLI, {@code scripts/escqrs}: escqrs's commands with the blog post's and the author's deciders
 * registered, so that {@code verify} compares each row with the fold of its events and {@code repair} rewrites it.
 * The tables default to the service's ({@code escqrs-example-}).
 */
public final class OperatorCli {
    private OperatorCli() {
    }

    /** The CLI of this service. */
    static EscqrsCli cli() {
        return EscqrsCli.builder()
                .aggregate(BlogPosts.BLOG_POST, new BlogPostDecider())
                .aggregate(Author.AUTHOR, Author.DECIDER)
                .codec(BlogPosts.codec())
                .defaultTablePrefix(Options.DEFAULT_TABLE_PREFIX)
                .storage(StorageMode.ONE_ITEM, ServiceTables.ONE_ITEM)
                .build();
    }

    public static void main(String[] args) {
        System.exit(cli().run(args));
    }
}
