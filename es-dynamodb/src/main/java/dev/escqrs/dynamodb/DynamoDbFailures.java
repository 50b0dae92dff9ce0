package dev.escqrs.dynamodb;

import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.table.MissingTableException;
import java.util.function.Supplier;

/**
 * For code of yours that reads or writes a DynamoDB table of its own (a read model's table, a reaction's ledger):
 * runs one request and answers DynamoDB's "not there" and "not now" as escqrs's stores do, so that your table fails
 * the way escqrs's tables fail:
 * <ul>
 *   <li>a missing table is a {@link MissingTableException} whose message names the table and {@code fix};</li>
 *   <li>throttling, a 5xx or no answer is a {@code StoreUnavailableException};</li>
 *   <li>any other refusal (a failed condition, a bad request) is DynamoDB's own exception, unchanged.</li>
 * </ul>
 * Both errors are {@code UNAVAILABLE} ({@code retryable()}): a runner backs off and tries again instead of parking
 * every aggregate it touches (an outage is not one aggregate's fault), and an HTTP layer answers 503.
 *
 * <pre>{@code
 * Map<String, AttributeValue> row = DynamoDbFailures.guard(table, "create it with --create-tables",
 *         () -> "reading published post " + id,
 *         () -> client.getItem(b -> b.tableName(table).key(key(id))).item());
 * }</pre>
 */
public final class DynamoDbFailures {
    private DynamoDbFailures() {}

    /**
     * Runs {@code request} on {@code table}.
     *
     * @param fix   how to create the table, for the message of a {@link MissingTableException}
     * @param doing what the request does, as a phrase ("reading published post 01J..."), built only on error
     */
    public static <T> T guard(String table, String fix, Supplier<String> doing, Supplier<T> request) {
        return ReadFailures.guard(table, fix, doing, request);
    }

    /** {@link #guard} for a request whose answer is not needed. */
    public static void run(String table, String fix, Supplier<String> doing, Runnable request) {
        ReadFailures.guard(table, fix, doing, () -> {
            request.run();
            return null;
        });
    }
}
