package dev.escqrs.example.blogpost;

import dev.escqrs.cli.EscqrsCli;
import dev.escqrs.core.privacy.DataKey;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import java.util.Optional;

/**
 * The service's operator CLI, {@code scripts/escqrs}: escqrs's commands with the blog post's and the author's deciders
 * registered, so that {@code verify} compares each row with the fold of its events and {@code repair} rewrites it.
 * The tables default to the service's ({@code escqrs-example-}).
 *
 * <p>An author's profile is personal data: {@code verify} and {@code repair} read it with the service's data keys,
 * those of the tables the command line names, wrapped by the KMS key of {@code --kms-key}, which defaults to
 * {@value ServiceKeys#KMS_KEY_VARIABLE} (as the service's; on moto the key the service made,
 * {@code --kms-key alias/<prefix>personal-data}). Without a key a command that meets personal data fails, rather than
 * read or rewrite an author as erased.
 */
public final class OperatorCli {
    private OperatorCli() {}

    /** Refuses, saying what to pass: the CLI's {@code --kms-key} gives the codec its keys. */
    private static final DataKeys NO_KEY_GIVEN = new DataKeys() {
        @Override
        public Optional<DataKey> find(String subject) {
            throw new IllegalStateException(("this command reads an author's personal data: pass --kms-key with the "
                            + "service's KMS key (deploy/template.yaml's PersonalDataKey; on moto alias/<prefix>personal-data), "
                            + "or set %s")
                    .formatted(ServiceKeys.KMS_KEY_VARIABLE));
        }

        @Override
        public Optional<DataKey> findOrCreate(String subject) {
            return find(subject);
        }

        @Override
        public void forget(String subject) {
            find(subject);
        }
    };

    /** The CLI of this service. */
    static EscqrsCli cli() {
        return EscqrsCli.builder()
                .aggregate(BlogPosts.BLOG_POST, new BlogPostDecider())
                .aggregate(Author.AUTHOR, Author.DECIDER)
                .codec(BlogPosts.codec(NO_KEY_GIVEN))
                .defaultTablePrefix(Options.DEFAULT_TABLE_PREFIX)
                .storage(StorageMode.ONE_ITEM, ServiceTables.ONE_ITEM)
                .build();
    }

    public static void main(String[] args) {
        System.exit(cli().run(args));
    }
}
