package dev.escqrs.core.internal;

/**
 * The key of one aggregate's event stream, {@code aggregateName#aggregateId}. Two aggregate types that share an id
 * never share a stream.
 */
public final class StreamIds {
    private StreamIds() {}

    public static String of(String aggregateName, String aggregateId) {
        return aggregateName + "#" + aggregateId;
    }

    /**
     * The aggregate name of a stream id: the part before the first {@code #} (names hold none, ids may).
     *
     * @throws IllegalArgumentException the stream id is not {@code aggregateName#aggregateId}
     */
    public static String aggregateName(String streamId) {
        int hash = streamId.indexOf('#');
        if (hash <= 0 || hash == streamId.length() - 1) {
            throw new IllegalArgumentException("stream id '%s' is not aggregateName#aggregateId".formatted(streamId));
        }
        return streamId.substring(0, hash);
    }

    /** The aggregate id of a stream id: everything after the first {@code #}. */
    public static String aggregateId(String streamId) {
        return streamId.substring(aggregateName(streamId).length() + 1);
    }
}
