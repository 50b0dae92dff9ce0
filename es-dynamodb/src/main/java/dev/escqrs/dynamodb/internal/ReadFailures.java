package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.MissingTableException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A read that failed after the SDK's own retries: throttled, a 5xx, or no answer at all is the port's
 * {@link StoreUnavailableException}, so callers (an HTTP 503, a runner's back-off) see one error on every store. A
 * missing table is a {@link MissingTableException} (also UNAVAILABLE: it works once the table is created) that names
 * the table and how to create it. Another refusal (a bad request) is a bug or a deployment error and stays the SDK's
 * exception, except a table keyed in the other {@link ItemLayout}, which gets an error that names the fix.
 */
public final class ReadFailures {
    private static final Pattern KEY_SCHEMA_REFUSAL =
            Pattern.compile("(?i)key element does not match the schema|missed key schema element|missing the key");

    /** How escqrs's own tables (events, aggregate rows, checkpoints) are created. */
    public static final String CREATE_TABLES =
            "Create escqrs's tables with DynamoDbTables.createTables(aggregateNames) "
                    + "(DynamoDbModule.builder().createTables(...) does it at start-up), or deploy them as docs/dynamodb.md shows; "
                    + "whatever waits on it goes on by itself once it exists";

    private ReadFailures() {}

    /**
     * When DynamoDB answered that a table does not exist, the error that names it ({@code tables}: the one the request
     * named, or those of which one is missing) and {@code fix}, how to create it.
     */
    public static Optional<MissingTableException> missingTable(
            SdkException e, List<String> tables, Supplier<String> doing, String fix) {
        if (!(e instanceof ResourceNotFoundException)) {
            return Optional.empty();
        }
        return Optional.of(new MissingTableException(tables, doing.get(), fix, e));
    }

    /**
     * When DynamoDB refused a request because the table is keyed otherwise (the table is of the other
     * {@link ItemLayout}), a message that says so and what to do; DynamoDB's own names neither.
     */
    static Optional<String> keySchemaMismatch(SdkException e) {
        if (!(e instanceof DynamoDbException refusal)
                || e.getMessage() == null
                || !KEY_SCHEMA_REFUSAL.matcher(e.getMessage()).find()) {
            return Optional.empty();
        }
        return Optional.of(
                ("the table's key attributes are not those of the TableNames' item layout. Tables created by "
                                + "escqrs before the compact layout (keys %s) need TableNames.withLayout(ItemLayout.DESCRIPTIVE); tables "
                                + "created since are COMPACT (keys %s), the default. DynamoDB said: %s")
                        .formatted(
                                keys(EventItems.DESCRIPTIVE, AggregateItems.DESCRIPTIVE),
                                keys(EventItems.COMPACT, AggregateItems.COMPACT),
                                refusal.awsErrorDetails() == null
                                        ? refusal.getMessage()
                                        : refusal.awsErrorDetails().errorMessage()));
    }

    private static String keys(EventItems events, AggregateItems rows) {
        return String.join(", ", events.streamId(), events.version(), rows.id());
    }

    /**
     * Runs one request on {@code table} (one of escqrs's own tables); {@code what} names it in the error (built only
     * on error).
     */
    public static <T> T guard(String table, Supplier<String> what, Supplier<T> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            throw translate(table, what, e);
        }
    }

    /** A lazy, paged read of {@code table}: a page that fails while the stream is consumed fails the same way. */
    public static <T> Stream<T> guardPages(String table, Supplier<String> what, Iterable<T> pages) {
        Iterator<T> items = guard(table, what, pages::iterator);
        Iterator<T> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return guard(table, what, items::hasNext);
            }

            @Override
            public T next() {
                return guard(table, what, items::next);
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The port's error for a failed read of {@code table} (one of escqrs's own tables): see the class comment. */
    public static RuntimeException translate(String table, Supplier<String> what, SdkException e) {
        return translate(table, CREATE_TABLES, () -> "reading " + what.get(), e);
    }

    /**
     * Runs one request on {@code table}, which {@code fix} says how to create; {@code doing} names the request in the
     * error, as a whole phrase ("saving the checkpoint of x").
     */
    public static <T> T guard(String table, String fix, Supplier<String> doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(table, fix, doing, e);
        }
    }

    /** The port's error for a failed request on {@code table}, which {@code fix} says how to create. */
    public static RuntimeException translate(String table, String fix, Supplier<String> doing, SdkException e) {
        Optional<MissingTableException> missing = missingTable(e, List.of(table), doing, fix);
        if (missing.isPresent()) {
            return missing.get();
        }
        if (WriteFailures.classify(e) == WriteFailures.Kind.REFUSED) {
            return keySchemaMismatch(e)
                    .<RuntimeException>map(
                            hint -> new EscqrsException("%s was refused: %s".formatted(doing.get(), hint), e))
                    .orElse(e);
        }
        return new StoreUnavailableException("%s failed: %s".formatted(doing.get(), e.getMessage()), e);
    }
}
