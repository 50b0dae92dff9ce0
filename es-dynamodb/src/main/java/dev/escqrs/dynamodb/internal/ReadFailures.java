package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.error.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A read that failed after the SDK's own retries: throttled, a 5xx, or no answer at all is the port's
 * {@link StoreUnavailableException}, so callers (an HTTP 503, a runner's back-off) see one error on every store. A
 * refusal (a missing table, a bad request) is a bug or a deployment error and stays the SDK's exception.
 */
public final class ReadFailures {
    private ReadFailures() {
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
            return e;
        }
        return new StoreUnavailableException("reading %s failed: %s".formatted(what.get(), e.getMessage()), e);
    }
}
