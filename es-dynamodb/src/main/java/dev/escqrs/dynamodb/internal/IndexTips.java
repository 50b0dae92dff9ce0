package dev.escqrs.dynamodb.internal;

import dev.escqrs.dynamodb.internal.IndexChunks.Chunk;
import dev.escqrs.dynamodb.internal.IndexChunks.Position;
import dev.escqrs.dynamodb.table.IndexEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What an {@link IndexWriter} knows the index holds: per aggregate the highest version indexed (its tip), and the
 * position of the last chunk. It reads the chunks written within the horizon at first (or the whole index, for a
 * backfill) and then follows every chunk written, its writer's and any other's. Not thread-safe: its writer locks.
 */
final class IndexTips {
    private static final int PAGE = 100;

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Duration horizon;
    private final Map<String, Long> tips = new HashMap<>();
    private Position tail;
    private boolean wholeIndexRead;

    IndexTips(DynamoDbClient client, String table, Clock clock, Duration horizon) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.horizon = horizon;
    }

    /** The highest version of stream {@code streamId} the index holds, or null when none is known. */
    Long tip(String streamId) {
        return tips.get(streamId);
    }

    /** The position after the last chunk known, read from the index at first. */
    Position tail() {
        readHorizon();
        return tail;
    }

    /** The writer put {@code entries} at {@code position}, after the tail. */
    void appended(Position position, List<IndexEntry> entries) {
        tail = position;
        entries.forEach(this::learn);
    }

    /** Reads the chunks written within the horizon, once, newest first, and learns their tips. */
    void readHorizon() {
        if (tail != null) {
            return;
        }
        tail = IndexChunks.tail(client, table);
        Instant since = clock.instant().minus(horizon);
        readBackwards(chunk -> !chunk.written().isBefore(since));
    }

    void readWholeIndex() {
        if (wholeIndexRead) {
            return;
        }
        tail = IndexChunks.tail(client, table);
        readBackwards(chunk -> true);
        wholeIndexRead = true;
    }

    private void readBackwards(Predicate<Chunk> wanted) {
        Position at = new Position(tail.epoch(), tail.chunk() + 1); // the tail itself comes first
        while (at.epoch() >= 1) {
            List<Chunk> older = IndexChunks.before(client, table, at, PAGE);
            for (Chunk chunk : older) {
                if (!wanted.test(chunk)) {
                    return;
                }
                learn(chunk);
            }
            if (older.size() < PAGE) {
                at = new Position(at.epoch() - 1, IndexChunks.CHUNKS_PER_EPOCH + 1);
            } else {
                at = older.getLast().position();
            }
        }
    }

    /** Reads the chunks other writers put after the tail, and learns their tips. */
    void followOthers() {
        while (true) {
            List<Chunk> after = IndexChunks.after(client, table, tail.readFrom(), PAGE);
            if (after.isEmpty()) {
                return;
            }
            after.forEach(this::learn);
            tail = after.getLast().position();
        }
    }

    private void learn(Chunk chunk) {
        chunk.entries().forEach(this::learn);
    }

    private void learn(IndexEntry entry) {
        tips.merge(entry.streamId(), entry.version(), Math::max);
    }
}
