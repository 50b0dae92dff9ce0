package dev.escqrs.example.blogpost.lambda;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbParking;
import dev.escqrs.dynamodb.lambda.ProjectionStreamHandler;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.ServiceTables;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The published-posts projection as a Lambda on the events table's stream, with {@code ReportBatchItemFailures}, under
 * {@link BadRecords#PARK}: the Stream variant of the read side, for a deployment that wants no index. It is not in
 * deploy/template.yaml, whose service keeps the read model from the change-feed index ({@link IndexerLambda}): with
 * {@code AuthorStatsLambda} beside it, it would be the Stream's second reader, the most DynamoDB serves. It applies through the same {@code Projector} as
 * the service's runner: the posts' events, and the authors' for their names (a copy it drops when the author is
 * forgotten), other aggregate types ignored, repeats skipped, gaps filled from the events table.
 * A post whose event cannot be decoded (an event name of a newer release) or applied is parked in the checkpoint
 * table ({@link DynamoDbParking}): that event and the post's later ones wait, the batch goes on with the other posts.
 * A record that is no event of ours (another table's, a MODIFY) is logged, counted and skipped. Only an error that
 * says the store is unavailable, or a park that cannot be written, is reported as the batch item failure by sequence
 * number, so Lambda retries from it and keeps what came before. Its tables are found by the prefix in the environment
 * variable {@value #TABLE_PREFIX}, the KMS key of the authors' data keys in {@code ESCQRS_KMS_KEY_ID}; region and
 * credentials come from the Lambda environment.
 *
 * <p>Handler: {@code dev.escqrs.example.blogpost.lambda.PublishedPostsLambda::handleRequest}.
 */
public final class PublishedPostsLambda extends ProjectionStreamHandler {
    /** The environment variable that holds the table prefix, e.g. {@code blog-}. */
    public static final String TABLE_PREFIX = LambdaEnvironment.TABLE_PREFIX;

    /** What Lambda calls: the tables of the prefix in {@value #TABLE_PREFIX}. */
    public PublishedPostsLambda() {
        this(Wiring.fromEnvironment());
    }

    private PublishedPostsLambda(Wiring wiring) {
        this(wiring.tables(), wiring.codec(), wiring.store(), wiring.publishedPosts(), wiring.parking());
    }

    /**
     * For tests and other hosts: these tables, this codec (with the data keys {@code store}'s codec has), this store,
     * this read model, parked posts kept here.
     */
    public PublishedPostsLambda(
            TableNames tables, JsonCodec codec, EventStore store, PublishedPosts publishedPosts, Parking parking) {
        // a post whose event cannot be applied is parked in the checkpoint table; the batch goes on
        super(ProjectionStreamHandler.builder(ProjectionSpec.builder(PublishedPosts.NAME, publishedPosts)
                        .aggregates(PublishedPosts.aggregates())
                        .store(store)
                        .codec(codec)
                        .badRecords(BadRecords.PARK)
                        .parking(parking)
                        .build())
                .tables(tables));
    }

    private record Wiring(
            TableNames tables, JsonCodec codec, EventStore store, PublishedPosts publishedPosts, Parking parking) {
        static Wiring fromEnvironment() {
            String prefix = LambdaEnvironment.tablePrefix();
            TableNames tables = ServiceTables.named(prefix);
            DynamoDbClient client = LambdaEnvironment.client();
            JsonCodec codec = LambdaEnvironment.codec(client, tables);
            return new Wiring(
                    tables,
                    codec,
                    new DynamoDbEventStore(client, tables, codec),
                    new DynamoDbPublishedPosts(client, prefix + DynamoDbPublishedPosts.TABLE_SUFFIX),
                    new DynamoDbParking(client, tables));
        }
    }
}
