package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decoding both stream decoders share: a change record, whatever it came from, to an event; INSERTs of the
 * events table only; the batch ordered by ({@code streamId}, {@code aggregateVersion}).
 */
public final class StreamRecords {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecords.class);

    /** What a stream record says, in the form both sources share. {@code sourceArn} is absent in SDK records. */
    public record RawRecord(String eventId, String sequenceNumber, String eventName, Optional<String> sourceArn,
                            Map<String, AttributeValue> newImage) {
        String where() {
            return StreamRecords.where(eventId, sequenceNumber);
        }
    }

    /** How errors and log lines name a record: by its eventID and sequence number. */
    public static String where(String eventId, String sequenceNumber) {
        return "stream record %s (sequence number %s)".formatted(eventId, sequenceNumber);
    }

    private final JsonCodec codec;
    private final String eventsTable;
    private final boolean skipForeign;

    /**
     * @param skipForeign true: a record that is not one of our events (another table, a MODIFY or REMOVE, an item
     *                    that is no event, an unknown event name) is skipped with a log line; false: it is an error
     */
    public StreamRecords(JsonCodec codec, String eventsTable, boolean skipForeign) {
        this.codec = codec;
        this.eventsTable = eventsTable;
        this.skipForeign = skipForeign;
    }

    public List<AggregateEvent<Object>> decode(List<RawRecord> records) {
        List<AggregateEvent<Object>> events = new ArrayList<>(records.size());
        for (RawRecord record : records) {
            decode(record).ifPresent(events::add);
        }
        events.sort(Comparator.comparing((AggregateEvent<Object> e) -> e.streamId())
                .thenComparingLong(AggregateEvent::aggregateVersion));
        return events;
    }

    private Optional<AggregateEvent<Object>> decode(RawRecord record) {
        if (record.sourceArn().isPresent() && !record.sourceArn().get().contains(":table/" + eventsTable + "/")) {
            return foreign(record, "comes from %s, not from the events table %s".formatted(record.sourceArn().get(), eventsTable));
        }
        if (!"INSERT".equals(record.eventName())) {
            return foreign(record, "is a %s; events are only ever inserted".formatted(record.eventName()));
        }
        if (record.newImage() == null || record.newImage().isEmpty()) {
            return foreign(record, "has no NewImage; the events table's stream must be NEW_IMAGE or NEW_AND_OLD_IMAGES");
        }
        if (!EventItems.isEvent(record.newImage())) {
            return foreign(record, "is not an escqrs event (attributes %s)".formatted(record.newImage().keySet()));
        }
        try {
            return Optional.of(codec.decode(EventItems.fromItem(record.newImage(), record.where())));
        } catch (EscqrsException e) {
            if (skipForeign) {
                LOG.warn("skipping {}: {}", record.where(), e.getMessage());
                return Optional.empty();
            }
            throw new SerializationException("%s cannot be decoded: %s".formatted(record.where(), e.getMessage()), e);
        }
    }

    private Optional<AggregateEvent<Object>> foreign(RawRecord record, String why) {
        if (skipForeign) {
            LOG.warn("skipping {}: it {}", record.where(), why);
            return Optional.empty();
        }
        throw new SerializationException("%s %s".formatted(record.where(), why));
    }
}
