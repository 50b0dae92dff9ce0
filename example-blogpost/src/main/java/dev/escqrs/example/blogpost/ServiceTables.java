package dev.escqrs.example.blogpost;

import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.Author;

/**
 * The service's tables, one definition for the service, its Lambdas and its operator CLI (every writer and reader of
 * a type must agree on its storage mode).
 *
 * <p>{@code Author} is stored in one-item mode: its state rides on its newest event, so each of the reaction's
 * commands (one per post published) is one {@code PutItem}, a quarter of a transaction's price, and reading an author
 * is one {@code Query}. {@code BlogPost} keeps the default two-item mode: its rows are a table of current posts that an
 * operator can read and scan in the console. docs/dynamodb.md says when to choose which.
 */
public final class ServiceTables {
    private ServiceTables() {}

    /** The types stored in one-item mode. */
    public static final String[] ONE_ITEM = {Author.AUTHOR.name()};

    /** {@code prefix}events, {@code prefix}BlogPost, {@code prefix}Author, {@code prefix}checkpoints. */
    public static TableNames named(String prefix) {
        return TableNames.withPrefix(prefix).withStorage(StorageMode.ONE_ITEM, ONE_ITEM);
    }
}
