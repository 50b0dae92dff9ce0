package dev.escqrs.dynamodb.internal;

import com.github.f4b6a3.ulid.Ulid;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.internal.IndexChunks.Position;
import dev.escqrs.dynamodb.table.IndexEntry;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Appends events to the change-feed index exactly once, each aggregate's in version order, without gaps.
 *
 * <p><b>Exactly once.</b> It knows, per aggregate, the highest version the index holds ({@code tips}): at its first
 * write it reads the chunks written within the {@code horizon} (25 hours: longer than the Stream keeps a record, so
 * any record the Stream can deliver again is among them if it was indexed), and it follows every chunk written since,
 * its own and any other writer's. An event at or below its aggregate's tip is a repeat and dropped; one beyond the
 * next version has the versions between read from the events table (a consistent {@code Query}) and appended first;
 * an aggregate with no entry within the horizon is taken to be indexed up to the version before (an index that fell
 * more than 24 hours behind the Stream heals with {@link #backfill}, which reads the whole index first).
 *
 * <p><b>One writer at a time, safely two.</b> A chunk is put at the position after the last chunk known, on condition
 * that none is there. A writer that loses the place (another indexer, a Lambda of another shard) reads the chunks it
 * missed, drops what they hold, and tries the next place: no entry is written twice, none is lost.
 *
 * <p>Records that hold no event of ours (another table's, a REMOVE, a truncated image) stop it with an error naming
 * the record under {@link BadRecords#STOP}, and are logged and counted under the others; a one-item state repair is
 * passed over. It needs no codec: it reads keys, names and ids, so an event of a newer release is indexed like any.
 */
public final class IndexWriter {
    private static final Logger LOG = LoggerFactory.getLogger(IndexWriter.class);
    /** How far back the first write reads the index: longer than the Stream's 24 hours. */
    public static final Duration DEFAULT_HORIZON = Duration.ofHours(25);

    private static final int PAGE = 100;

    /** What it did since it was made. */
    public record Counts(
            long entries,
            long repeats,
            long filled,
            long chunks,
            long lostPlaces,
            long skippedRecords,
            Instant newestEventAt) {}

    private final DynamoDbClient client;
    private final TableNames tables;
    private final String table;
    private final BadRecords badRecords;
    private final Clock clock;
    private final IndexTips tips;
    private long entries;
    private long repeats;
    private long filled;
    private long chunks;
    private long lostPlaces;
    private long skippedRecords;
    private Instant newestEventAt = Instant.EPOCH;

    public IndexWriter(DynamoDbClient client, TableNames tables, BadRecords badRecords, Clock clock, Duration horizon) {
        this.client = Objects.requireNonNull(client, "client");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.table = tables.indexTable();
        this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tips = new IndexTips(client, table, clock, Objects.requireNonNull(horizon, "horizon"));
    }

    /** Indexes the events these stream records hold, in the order given; returns how many entries it appended. */
    public synchronized long write(List<StreamRecords.RawRecord> records) {
        List<IndexEntry> seen = new ArrayList<>(records.size());
        for (StreamRecords.RawRecord record : records) {
            String problem = StreamRecords.problem(record, tables.eventsTable());
            if (problem == null) {
                seen.add(entry(EventItems.fromItem(record.newImage(), record.where() + ": its NewImage")));
            } else if (!StreamRecords.PASS_OVER.equals(problem)) {
                refuse(record, problem);
            }
        }
        return append(seen, false);
    }

    /**
     * Indexes every event of {@code stored} not in the index yet, each aggregate's from its first missing version:
     * what builds the index over a table that has events already, and what heals it after the indexer lost its place
     * in the Stream. It reads the whole index first, once.
     */
    public synchronized long backfill(Stream<EncodedEvent> stored) {
        tips.readWholeIndex();
        long before = entries;
        List<IndexEntry> page = new ArrayList<>(PAGE * 10);
        stored.forEach(event -> {
            page.add(entry(event));
            if (page.size() >= PAGE * 10) {
                append(page, true);
                page.clear();
            }
        });
        append(page, true);
        return entries - before;
    }

    public synchronized Counts counts() {
        return new Counts(entries, repeats, filled, chunks, lostPlaces, skippedRecords, newestEventAt);
    }

    /** The position after the last chunk this writer knows of. */
    public synchronized Position tail() {
        return tips.tail();
    }

    private void refuse(StreamRecords.RawRecord record, String problem) {
        if (badRecords == BadRecords.STOP) {
            throw new SerializationException(("%s %s; the indexer indexes the events of %s only (choose "
                            + "BadRecords.SKIP to step over such records with a log line)")
                    .formatted(record.where(), problem, tables.eventsTable()));
        }
        skippedRecords++;
        LOG.warn("index: skipping {}: it {}", record.where(), problem);
    }

    static IndexEntry entry(EncodedEvent event) {
        return new IndexEntry(
                event.aggregateName(),
                event.aggregateId(),
                event.aggregateVersion(),
                event.eventName(),
                event.eventId());
    }

    /**
     * Appends what the index lacks of {@code seen}: repeats dropped, gaps filled. {@code unknownIsNew}: an aggregate
     * without a tip has nothing indexed (the whole index was read); else it is taken to be indexed up to the version
     * before the one seen.
     */
    private long append(List<IndexEntry> seen, boolean unknownIsNew) {
        if (seen.isEmpty()) {
            return 0;
        }
        tips.readHorizon();
        long before = entries;
        List<IndexEntry> fresh = missing(seen, unknownIsNew);
        while (!fresh.isEmpty()) {
            List<IndexEntry> chunk = firstChunk(fresh);
            Position next = tips.tail().next();
            try {
                ReadFailures.guard(
                        table,
                        () -> "an append to the index " + table,
                        () -> client.putItem(b -> b.tableName(table)
                                .item(IndexChunks.item(next, chunk, clock.instant()))
                                .conditionExpression("attribute_not_exists(#p)")
                                .expressionAttributeNames(Map.of("#p", IndexChunks.EPOCH))));
            } catch (ConditionalCheckFailedException taken) {
                lostPlaces++;
                tips.followOthers();
                fresh = missing(fresh, unknownIsNew); // what the other writer put is dropped, the rest kept
                continue;
            }
            if (next.chunk() == 1 && next.epoch() > 1) {
                IndexChunks.advanceTail(client, table, next.epoch());
            }
            tips.appended(next, chunk);
            chunks++;
            for (IndexEntry entry : chunk) {
                Instant at = Ulid.from(entry.eventId()).getInstant();
                if (at.isAfter(newestEventAt)) {
                    newestEventAt = at;
                }
            }
            entries += chunk.size();
            fresh = fresh.subList(chunk.size(), fresh.size());
        }
        return entries - before;
    }

    /** The entries of {@code seen} the index lacks, with the versions missing before them read from the store. */
    private List<IndexEntry> missing(List<IndexEntry> seen, boolean unknownIsNew) {
        Map<String, Long> pending = new HashMap<>();
        List<IndexEntry> fresh = new ArrayList<>(seen.size());
        for (IndexEntry entry : seen) {
            String stream = entry.streamId();
            Long tip = pending.containsKey(stream) ? pending.get(stream) : tips.tip(stream);
            long known = tip != null ? tip : unknownIsNew ? 0 : entry.version() - 1;
            if (entry.version() <= known) {
                repeats++;
                continue;
            }
            if (entry.version() > known + 1) {
                List<IndexEntry> between = EventRange.read(client, tables, entry, known + 1, entry.version() - 1);
                filled += between.size();
                fresh.addAll(between);
            }
            fresh.add(entry);
            pending.put(stream, entry.version());
        }
        return fresh;
    }

    /** As many entries from the head of {@code fresh} as one chunk holds (at least one). */
    private static List<IndexEntry> firstChunk(List<IndexEntry> fresh) {
        int bytes = 0;
        int n = 0;
        while (n < fresh.size()) {
            bytes += IndexChunks.size(fresh.get(n));
            if (n > 0 && bytes > IndexChunks.MAX_CHUNK_BYTES) {
                break;
            }
            n++;
        }
        return List.copyOf(fresh.subList(0, n));
    }
}
