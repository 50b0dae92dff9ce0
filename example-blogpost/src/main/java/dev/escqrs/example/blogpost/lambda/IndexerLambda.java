package dev.escqrs.example.blogpost.lambda;

import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.lambda.IndexStreamHandler;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.ServiceTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The change-feed indexer as a Lambda on the events table's Stream, the one reader of that Stream in
 * deploy/template.yaml: it appends each event to the index table ({@code <prefix>events-index}) exactly once, and the
 * service's read model and workflow read the index ({@code --feed index --indexer lambda}), however many tasks run.
 * Its tables are found by the prefix in the environment variable {@value #TABLE_PREFIX}; region and credentials come
 * from the Lambda environment.
 *
 * <p>Under {@link BadRecords#SKIP}: a record that holds no event of ours (a hand edit of the events table, a
 * {@code REMOVE}) is logged ({@code index: skipping ...}, which the template's alarm counts) and stepped over. Under
 * {@code STOP} it would be retried and then handed, with the records after it in its batch, to the failure queue,
 * and the index would lack those events. The indexer reads keys and names only, never payloads, so an event of a newer
 * release is indexed like any other. An error of the index or the events table reports the batch's first record, and
 * Lambda retries the batch; nothing is indexed twice.
 *
 * <p>Handler: {@code dev.escqrs.example.blogpost.lambda.IndexerLambda::handleRequest}.
 */
public final class IndexerLambda extends IndexStreamHandler {
    /** The environment variable that holds the table prefix, e.g. {@code blog-}. */
    public static final String TABLE_PREFIX = LambdaEnvironment.TABLE_PREFIX;

    /** What Lambda calls: the tables of the prefix in {@value #TABLE_PREFIX}. */
    public IndexerLambda() {
        this(LambdaEnvironment.client(), ServiceTables.named(LambdaEnvironment.tablePrefix()));
    }

    /** For tests and other hosts: these tables, through this client. */
    public IndexerLambda(DynamoDbClient client, TableNames tables) {
        super(client, tables, BadRecords.SKIP);
    }
}
