package dev.escqrs.example.blogpost.readmodel;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The layout of {@link DynamoDbPublishedPosts}'s table: the key {@value #ID} (a post's id, or {@value #AUTHOR_PREFIX}
 * and an author's), the attributes its rows carry, and the sparse index {@value DynamoDbPublishedPosts#BY_PUBLICATION}
 * of the published posts.
 */
final class PublishedPostsTable {
    /** How this read model's table is created, for the message when it is missing. */
    static final String FIX = "Create it: start the service with --create-tables, or call "
            + "DynamoDbPublishedPosts.createTable(client, table), or deploy it as example-blogpost/deploy/template.yaml does";

    static final String ID = "postId";
    static final String LISTING = "listing";
    static final String PUBLISHED = "published";
    static final String PUBLISHED_AT = "publishedAt";
    static final String VERSION = "version";
    static final String AUTHOR_PREFIX = "author#";
    static final String AUTHOR_NAME = "authorName";
    static final String FORGOTTEN = "forgotten";

    private PublishedPostsTable() {}

    /** Creates the table and its index if missing (idempotent); CloudFormation declares the same (docs/dynamodb.md). */
    static void create(DynamoDbClient client, String table) {
        try {
            client.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(ID), attribute(LISTING), attribute(PUBLISHED_AT))
                    .keySchema(key(ID, KeyType.HASH))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(DynamoDbPublishedPosts.BY_PUBLICATION)
                            .keySchema(key(LISTING, KeyType.HASH), key(PUBLISHED_AT, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))
                            .build()));
        } catch (ResourceInUseException exists) {
            return;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The key of the row {@code id}. */
    static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, AttributeValue.fromS(id));
    }

    static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
