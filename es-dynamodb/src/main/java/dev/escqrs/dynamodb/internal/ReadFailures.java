package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.dynamodb.ItemLayout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A read that failed after the SDK's own retries: throttled, a 5xx, or no answer at all is the port's
 * {@link StoreUnavailableException}, so callers (an HTTP 503, a runner's back-off) see one error on every store. A
 * refusal (a missing table, a bad request) is a bug or a deployment error and stays the SDK's exception, except a
 * table keyed in the other {@link ItemLayout}, which gets an error that names the fix.
 */
public final class ReadFailures {
    private static final Pattern KEY_SCHEMA_REFUSAL = Pattern.compile(
            "(?i)key element does not match the schema|missed key schema element|missing the key");

    private ReadFailures() {
    }

    /**
     * When DynamoDB refused a request because the table is keyed otherwise (the table is of the other
     * {@link ItemLayout}), a message that says so and what to do; DynamoDB's own names neither.
     */
    static Optional<String> keySchemaMismatch(SdkException e) {
        if (!(e instanceof DynamoDbException refusal) || e.getMessage() == null
                || !KEY_SCHEMA_REFUSAL.matcher(e.getMessage()).find()) {
            return Optional.empty();
        }
        return Optional.of(("the table's key attributes are not those of the TableNames' item layout. Tables created by "
                + "escqrs before the compact layout (keys %s) need TableNames.withLayout(ItemLayout.DESCRIPTIVE); tables "
                + "created since are COMPACT (keys %s), the default. DynamoDB said: %s").formatted(
                keys(EventItems.DESCRIPTIVE, AggregateItems.DESCRIPTIVE), keys(EventItems.COMPACT, AggregateItems.COMPACT),
                refusal.awsErrorDetails() == null ? refusal.getMessage() : refusal.awsErrorDetails().errorMessage()));
    }

    private static String keys(EventItems events, AggregateItems rows) {
        return String.join(", ", events.streamId(), events.version(), rows.id());
    }

    /** Runs one request; {@code what} names it in the error (built only on error). */
    public static <T> T guard(Supplier<String> what, Supplier<T> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    /** A lazy, paged read: a page that fails while the stream is consumed fails the same way. */
    public static <T> Stream<T> guardPages(Supplier<String> what, Iterable<T> pages) {
        Iterator<T> items = guard(what, pages::iterator);
        Iterator<T> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return guard(what, items::hasNext);
            }

            @Override
            public T next() {
                return guard(what, items::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    static RuntimeException translate(Supplier<String> what, SdkException e) {
        if (WriteFailures.classify(e) == WriteFailures.Kind.REFUSED) {
            return keySchemaMismatch(e).<RuntimeException>map(hint -> new EscqrsException("reading %s was refused: %s"
                    .formatted(what.get(), hint), e)).orElse(e);
        }
        return new StoreUnavailableException("reading %s failed: %s".formatted(what.get(), e.getMessage()), e);
    }
}
