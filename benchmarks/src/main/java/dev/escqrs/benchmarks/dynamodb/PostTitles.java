package dev.escqrs.benchmarks.dynamodb;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.DurableProjection;
import dev.escqrs.core.projection.SnapshottingProjection;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The read model of {@link ChangeFeedIndexCost}: each blog post's title and version, in memory, with snapshots. It
 * counts the events it holds (the sum of its versions), so that the bench can wait until it holds the last one.
 */
final class PostTitles implements SnapshottingProjection {
    private record Row(String title, long version) {}

    private final Map<String, Row> rows = new HashMap<>();
    private long events;

    /** A read model holding what {@code snapshot} holds. */
    static PostTitles restored(byte[] snapshot) {
        PostTitles titles = new PostTitles();
        titles.restore(snapshot);
        return titles;
    }

    /** This read model as one that outlives the process, its checkpoint in {@code checkpoints}. */
    Durable durable(Checkpoints checkpoints) {
        return new Durable(this, checkpoints);
    }

    @Override
    public synchronized long appliedVersion(String aggregateName, String aggregateId) {
        Row row = rows.get(aggregateId);
        return row == null ? 0 : row.version();
    }

    @Override
    public synchronized void apply(AggregateEvent<?> event) {
        Row before = rows.get(event.aggregateId());
        String title = switch ((BlogPostEvent) event.payload()) {
            case BlogPostEvent.BlogPostCreated created -> created.title();
            case BlogPostEvent.BlogPostTitleChanged changed -> changed.title();
            case BlogPostEvent.BlogPostPublished published -> before == null ? "" : before.title();
        };
        rows.put(event.aggregateId(), new Row(title, event.aggregateVersion()));
        events += event.aggregateVersion() - (before == null ? 0 : before.version());
        notifyAll();
    }

    @Override
    public synchronized void reset() {
        rows.clear();
        events = 0;
        notifyAll();
    }

    /** The events it holds: the sum of the posts' versions. */
    synchronized long events() {
        return events;
    }

    /** Waits until it holds {@code total} events or more; false when {@code timeout} passed first. */
    synchronized boolean awaitEvents(long total, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events < total) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public synchronized byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(rows.size());
            for (Map.Entry<String, Row> row : rows.entrySet()) {
                out.writeUTF(row.getKey());
                out.writeUTF(row.getValue().title());
                out.writeLong(row.getValue().version());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public synchronized void restore(byte[] snapshot) {
        rows.clear();
        events = 0;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                Row row = new Row(in.readUTF(), in.readLong());
                rows.put(id, row);
                events += row.version();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        notifyAll();
    }

    /** The same read model kept as if in a database: its runner resumes at the checkpoint saved beside it. */
    static final class Durable implements DurableProjection {
        private final PostTitles titles;
        private final Checkpoints checkpoints;

        private Durable(PostTitles titles, Checkpoints checkpoints) {
            this.titles = titles;
            this.checkpoints = checkpoints;
        }

        @Override
        public Checkpoints checkpoints() {
            return checkpoints;
        }

        @Override
        public long appliedVersion(String aggregateName, String aggregateId) {
            return titles.appliedVersion(aggregateName, aggregateId);
        }

        @Override
        public void apply(AggregateEvent<?> event) {
            titles.apply(event);
        }

        @Override
        public void reset() {
            titles.reset();
        }
    }
}
