package dev.escqrs.inmemory;

import dev.escqrs.core.codec.EncodedEvent;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Fetches a page at a time, starting at an offset, until a page comes back empty or short: how
 * {@link InMemoryEventStore} reads an aggregate's events lazily, taking its lock per page only.
 */
final class PagedIterator implements Iterator<EncodedEvent> {
    /** The most events a page holds; a shorter page is the last. */
    static final int PAGE_SIZE = 256;

    private final Function<Long, List<EncodedEvent>> fetch;
    private long offset;
    private List<EncodedEvent> page = List.of();
    private int index;
    private boolean exhausted;

    PagedIterator(long offset, Function<Long, List<EncodedEvent>> fetch) {
        this.offset = offset;
        this.fetch = fetch;
    }

    /** The events from {@code offset} on, as {@code fetch} gives them a page at a time, in order. */
    static Stream<EncodedEvent> stream(long offset, Function<Long, List<EncodedEvent>> fetch) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        new PagedIterator(offset, fetch), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @Override
    public boolean hasNext() {
        if (index < page.size()) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        page = fetch.apply(offset);
        offset += page.size();
        index = 0;
        exhausted = page.size() < PAGE_SIZE;
        return !page.isEmpty();
    }

    @Override
    public EncodedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(index++);
    }
}
