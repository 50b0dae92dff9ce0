package dev.escqrs.example.blogpost.readmodel;

import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.AUTHOR_NAME;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.FORGOTTEN;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.LISTING;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.PUBLISHED;
import static dev.escqrs.example.blogpost.readmodel.PublishedPostsTable.PUBLISHED_AT;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What each event sets on its row of {@link DynamoDbPublishedPosts}, as the {@code UpdateItem} expression: a new event
 * of a post or an author is a new case here (the switches have no default, so one left out does not compile). Each
 * adds the names and values it uses to {@code names} and {@code values}, which hold {@code #v} and {@code :v}, the
 * version, already.
 */
final class RowUpdates {
    private RowUpdates() {}

    /** What a post's event sets on its row. */
    static String post(
            BlogPostEvent payload,
            AggregateEvent<?> event,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        return switch (payload) {
            case BlogPostEvent.BlogPostCreated created -> {
                values.put(":title", AttributeValue.fromS(created.title()));
                values.put(":author", AttributeValue.fromS(created.authorId()));
                yield "SET title = :title, authorId = :author, #v = :v";
            }
            case BlogPostEvent.BlogPostTitleChanged changed -> {
                values.put(":title", AttributeValue.fromS(changed.title()));
                yield "SET title = :title, #v = :v";
            }
            case BlogPostEvent.BlogPostPublished published -> {
                names.put("#l", LISTING);
                names.put("#at", PUBLISHED_AT);
                values.put(":listing", AttributeValue.fromS(PUBLISHED));
                values.put(":at", AttributeValue.fromS(PublishedPosts.Cursor.sortable(event.occurredAt())));
                yield "SET #l = :listing, #at = :at, #v = :v";
            }
        };
    }

    /**
     * What an author's event sets on their item: the copy of the name, the version only, or, once the author is
     * forgotten, the name removed and the item marked.
     */
    static String author(Author.Event payload, Map<String, String> names, Map<String, AttributeValue> values) {
        return switch (payload) {
            case Author.AuthorProfileSet set -> {
                names.put("#name", AUTHOR_NAME);
                values.put(":name", AttributeValue.fromS(set.name()));
                yield "SET #name = :name, #v = :v";
            }
            case Author.PublishedPostCounted counted -> "SET #v = :v";
            case Author.AuthorForgotten forgotten -> {
                names.put("#name", AUTHOR_NAME);
                names.put("#f", FORGOTTEN);
                values.put(":true", AttributeValue.fromBool(true));
                yield "SET #f = :true, #v = :v REMOVE #name";
            }
        };
    }
}
