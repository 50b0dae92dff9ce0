package dev.escqrs.core.event;

/**
 * The key of one aggregate's event stream, {@code aggregateName#aggregateId}. Two aggregate types that share an id
 * never share a stream.
 */
public final class StreamIds {
    private StreamIds() {
    }

    public static String of(String aggregateName, String aggregateId) {
        return aggregateName + "#" + aggregateId;
    }
}
