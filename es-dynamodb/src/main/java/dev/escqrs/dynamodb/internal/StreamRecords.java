package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.port.UnreadableEvent;
import dev.escqrs.core.projection.BadRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The decoding every stream decoder shares: a change record, whatever it came from, to an event; INSERTs of the
 * events table only; the batch ordered by ({@code streamId}, {@code aggregateVersion}). Each record is decoded on
 * its own, so one bad record is one error (or one skip), never the batch's.
 */
public final class StreamRecords {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecords.class);

    /**
     * What a stream record says, in the form all sources share, or why it could not be read ({@code problem}).
     * {@code sourceArn} is absent in SDK records.
     */
    public record RawRecord(
            String eventId,
            String sequenceNumber,
            String eventName,
            Optional<String> sourceArn,
            Map<String, AttributeValue> newImage,
            Optional<String> problem) {
        String where() {
            return StreamRecords.where(eventId, sequenceNumber);
        }

        /**
         * A record as the SDK's {@code GetRecords} gives it (the SDK feed, the indexer, KCL's DynamoDB Streams
         * adapter), or a malformed one when it cannot be read.
         */
        public static RawRecord fromSdk(Record record) {
            String sequence =
                    record.dynamodb() == null ? null : record.dynamodb().sequenceNumber();
            return readOrMalformed(record.eventID(), sequence, () -> {
                Map<String, AttributeValue> image =
                        record.dynamodb() == null || !record.dynamodb().hasNewImage()
                                ? Map.of()
                                : record.dynamodb().newImage();
                return new RawRecord(
                        record.eventID(),
                        sequence,
                        record.eventNameAsString(),
                        Optional.empty(),
                        image,
                        Optional.empty());
            });
        }

        /**
         * The record {@code read} makes of a source record, or, when reading it throws, a record that carries the
         * error, so that the decoder refuses or skips that one record alone.
         */
        public static RawRecord readOrMalformed(String eventId, String sequenceNumber, Supplier<RawRecord> read) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                return new RawRecord(
                        eventId,
                        sequenceNumber,
                        null,
                        Optional.empty(),
                        Map.of(),
                        Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
    }

    /** How errors and log lines name a record: by its eventID and sequence number. */
    public static String where(String eventId, String sequenceNumber) {
        return "stream record %s (sequence number %s)"
                .formatted(
                        eventId == null ? "without an eventID" : eventId,
                        sequenceNumber == null ? "unknown" : sequenceNumber);
    }

    private final JsonCodec codec;
    private final String eventsTable;
    private final BadRecords badRecords;
    private final Set<String> aggregates;
    private final AtomicLong skipped = new AtomicLong();

    /**
     * @param badRecords what {@link #decode} does with a record that is not one of our events (another table, a
     *                   MODIFY or REMOVE, an item that is no event, an unknown event name, a malformed record):
     *                   an error naming it, or a log line and a count
     */
    public StreamRecords(JsonCodec codec, String eventsTable, BadRecords badRecords) {
        this(codec, eventsTable, badRecords, Set.of());
    }

    /**
     * @param aggregates the aggregate types whose events are wanted; the events of others (in the same events table)
     *                   are passed over before they are decoded, neither events nor bad records. Empty: all.
     */
    public StreamRecords(JsonCodec codec, String eventsTable, BadRecords badRecords, Set<String> aggregates) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.eventsTable = eventsTable;
        this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
        this.aggregates = Set.copyOf(aggregates);
    }

    public DecodedBatch decode(List<RawRecord> records) {
        List<AggregateEvent<Object>> events = new ArrayList<>(records.size());
        List<DecodedBatch.SkippedRecord> skips = new ArrayList<>();
        List<UnreadableEvent> unreadable = new ArrayList<>();
        for (RawRecord record : records) {
            Decoded decoded = decoded(record);
            if (decoded.event() != null) {
                events.add(decoded.event());
            } else if (decoded.unreadable() != null && badRecords == BadRecords.PARK) {
                LOG.warn("{} cannot be decoded; its aggregate is parked: {}", record.where(), decoded.problem());
                unreadable.add(decoded.unreadable());
            } else if (!decoded.passedOver()) {
                foreign(record, skips, decoded.problem());
            }
        }
        events.sort(Comparator.comparing((AggregateEvent<Object> e) -> e.streamId())
                .thenComparingLong(AggregateEvent::aggregateVersion));
        return new DecodedBatch(events, skips, unreadable);
    }

    /** Records skipped since this was made. */
    public long skippedCount() {
        return skipped.get();
    }

    /**
     * One record's event, or why it holds none of ours (then {@code event} is null), or neither: an event of an
     * aggregate type not wanted, passed over. {@code unreadable} is set when the record is an event of ours whose
     * aggregate and version are known but which cannot be decoded (what {@link BadRecords#PARK} parks).
     */
    public record Decoded(RawRecord record, AggregateEvent<Object> event, String problem, UnreadableEvent unreadable) {
        Decoded(RawRecord record, AggregateEvent<Object> event, String problem) {
            this(record, event, problem, null);
        }

        public boolean passedOver() {
            return event == null && problem == null;
        }
    }

    /** Each record's outcome, in the order given, refusing and skipping nothing: for callers with a policy of their own. */
    public List<Decoded> decodeEach(List<RawRecord> records) {
        return records.stream().map(this::decoded).toList();
    }

    /** What {@link #problem} says of a one-item state repair: the event is unchanged, nothing to do. */
    public static final String PASS_OVER = "";

    /**
     * What every reader of the events table's stream makes of a record before it decodes anything: {@code null} for
     * an event item inserted into {@code eventsTable}, {@link #PASS_OVER} for a one-item state repair (logged), else
     * why the record holds no event of ours.
     */
    public static String problem(RawRecord record, String eventsTable) {
        return RecordProblems.of(record, eventsTable);
    }

    /**
     * The index of the first of {@code records} that holds no event of {@code eventsTable} (what {@link #problem}
     * names; a {@link #PASS_OVER} is not one), or their number when there is none: where an indexer under
     * {@link BadRecords#STOP} indexes up to and stops.
     */
    public static int firstRefused(List<RawRecord> records, String eventsTable) {
        for (int i = 0; i < records.size(); i++) {
            String problem = problem(records.get(i), eventsTable);
            if (problem != null && !PASS_OVER.equals(problem)) {
                return i;
            }
        }
        return records.size();
    }

    private Decoded decoded(RawRecord record) {
        String problem = problem(record, eventsTable);
        if (problem != null) {
            return new Decoded(record, null, PASS_OVER.equals(problem) ? null : problem);
        }
        try {
            // the stream id is read here only when there is a choice to make; fromItem reads it again anyway
            if (!aggregates.isEmpty()
                    && !aggregates.contains(EventItems.aggregateName(record.newImage(), "its NewImage"))) {
                return new Decoded(record, null, null);
            }
            EncodedEvent stored = EventItems.fromItem(record.newImage(), "its NewImage");
            try {
                return new Decoded(record, codec.decode(stored), null);
            } catch (EscqrsException e) {
                return new Decoded(
                        record,
                        null,
                        "cannot be decoded: " + e.getMessage(),
                        new UnreadableEvent(
                                stored.aggregateName(),
                                stored.aggregateId(),
                                stored.aggregateVersion(),
                                stored.eventId(),
                                stored.eventName(),
                                e.getMessage(),
                                stored.payload().toString()));
            }
        } catch (EscqrsException e) {
            return new Decoded(record, null, "cannot be decoded: " + e.getMessage());
        }
    }

    /** A record that holds no event of ours: an error under STOP; logged and counted under SKIP and PARK. */
    private void foreign(RawRecord record, List<DecodedBatch.SkippedRecord> skips, String why) {
        if (badRecords == BadRecords.STOP) {
            throw new SerializationException("%s %s".formatted(record.where(), why));
        }
        LOG.warn("skipping {}: it {}", record.where(), why);
        skipped.incrementAndGet();
        skips.add(new DecodedBatch.SkippedRecord(record.eventId(), record.sequenceNumber(), why));
    }
}
