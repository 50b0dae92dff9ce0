package dev.escqrs.example.blogpost.lambda;

import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What the example's Lambdas on the Stream take from their environment: the tables' prefix, and a DynamoDB client. */
final class LambdaEnvironment {
    /** The environment variable that holds the table prefix, e.g. {@code blog-}. */
    static final String TABLE_PREFIX = "TABLE_PREFIX";

    private LambdaEnvironment() {
    }

    /** The prefix in {@value #TABLE_PREFIX}; an error that says what to set when it is missing. */
    static String tablePrefix() {
        String prefix = System.getenv(TABLE_PREFIX);
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalStateException("set " + TABLE_PREFIX + " to the tables' prefix, e.g. blog-");
        }
        return prefix;
    }

    /** A client for the Lambda's region and role (the environment's default chains). */
    static DynamoDbClient client() {
        return DynamoDbClient.builder().httpClientBuilder(Apache5HttpClient.builder()).build();
    }
}
