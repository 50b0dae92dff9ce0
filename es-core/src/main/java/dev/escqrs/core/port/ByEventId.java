package dev.escqrs.core.port;

import dev.escqrs.core.event.AggregateEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Two streams of events, each in event id order, merged lazily into one in event id order. */
final class ByEventId {
    private ByEventId() {}

    static Stream<AggregateEvent<Object>> merge(
            Stream<AggregateEvent<Object>> first, Stream<AggregateEvent<Object>> second) {
        Iterator<AggregateEvent<Object>> a = first.iterator();
        Iterator<AggregateEvent<Object>> b = second.iterator();
        Iterator<AggregateEvent<Object>> merged = new Iterator<>() {
            private AggregateEvent<Object> nextA;
            private AggregateEvent<Object> nextB;

            @Override
            public boolean hasNext() {
                return nextA != null || nextB != null || a.hasNext() || b.hasNext();
            }

            @Override
            public AggregateEvent<Object> next() {
                if (nextA == null && a.hasNext()) {
                    nextA = a.next();
                }
                if (nextB == null && b.hasNext()) {
                    nextB = b.next();
                }
                if (nextA == null && nextB == null) {
                    throw new NoSuchElementException();
                }
                AggregateEvent<Object> taken;
                if (nextB == null || (nextA != null && nextA.eventId().compareTo(nextB.eventId()) <= 0)) {
                    taken = nextA;
                    nextA = null;
                } else {
                    taken = nextB;
                    nextB = null;
                }
                return taken;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED), false)
                .onClose(() -> {
                    try {
                        first.close();
                    } finally {
                        second.close();
                    }
                });
    }
}
