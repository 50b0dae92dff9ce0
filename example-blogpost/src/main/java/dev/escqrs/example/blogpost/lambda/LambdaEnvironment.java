package dev.escqrs.example.blogpost.lambda;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.ServiceKeys;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import java.util.Optional;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the example's Lambdas on the Stream take from their environment: the tables' prefix, a DynamoDB client, and
 * for those that decode events the codec with the authors' data keys (the KMS key in
 * {@value ServiceKeys#KMS_KEY_VARIABLE}).
 */
final class LambdaEnvironment {
    /** The environment variable that holds the table prefix, e.g. {@code blog-}. */
    static final String TABLE_PREFIX = "TABLE_PREFIX";

    private LambdaEnvironment() {}

    /** The prefix in {@value #TABLE_PREFIX}; an error that says what to set when it is missing. */
    static String tablePrefix() {
        String prefix = System.getenv(TABLE_PREFIX);
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalStateException("set " + TABLE_PREFIX + " to the tables' prefix, e.g. blog-");
        }
        return prefix;
    }

    /**
     * The service's codec, with the data keys in the keys table of {@code tables} wrapped by the KMS key in
     * {@value ServiceKeys#KMS_KEY_VARIABLE}: a Lambda that decodes events reads the keys ({@code dynamodb:GetItem},
     * {@code kms:Decrypt}), and makes none (an author's key is made where the profile is set, in the service).
     */
    static JsonCodec codec(DynamoDbClient client, TableNames tables) {
        DataKeys keys = ServiceKeys.onDynamoDb(
                client,
                ServiceKeys.kmsClient(Optional.empty(), Optional.empty()),
                tables,
                ServiceKeys.kmsKeyFromEnvironment());
        return BlogPosts.codec(keys);
    }

    /** A client for the Lambda's region and role (the environment's default chains). */
    static DynamoDbClient client() {
        return DynamoDbClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }
}
