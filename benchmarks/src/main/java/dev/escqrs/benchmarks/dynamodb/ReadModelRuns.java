package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbSnapshots;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.inmemory.InMemoryCheckpoints;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * ChangeFeedIndexCost's read models and the runners that keep them: the snapshot taken at the index's end, then the
 * five phases, each measured from its runner's start until its read model holds the whole history.
 */
final class ReadModelRuns {
    private static final String DURABLE = "post-titles-durable";
    private static final String SNAPSHOTTED = "post-titles";
    private static final Duration CAUGHT_UP_WITHIN = Duration.ofMinutes(30);
    /** Longer than the bench: a restarted runner saves no snapshot of its own, so every round restores the same. */
    private static final Duration SNAPSHOT_EVERY = Duration.ofDays(1);

    private final ObjectMapper json;
    private final MeteredClients clients;
    private final TableNames tables;
    private final JsonCodec codec;
    private final DynamoDbEventStore store;
    private final DynamoDbSnapshots snapshots;

    ReadModelRuns(
            ObjectMapper json, MeteredClients clients, TableNames tables, JsonCodec codec, DynamoDbEventStore store) {
        this.json = json;
        this.clients = clients;
        this.tables = tables;
        this.codec = codec;
        this.store = store;
        this.snapshots = new DynamoDbSnapshots(clients.client, tables);
    }

    /** A runner in memory on {@code indexFeed} backfills {@code events} and saves its snapshot at the feed's end. */
    Snapshot snapshot(ChangeFeed indexFeed, long events) throws InterruptedException {
        PostTitles first = new PostTitles();
        ProjectionRunner snapshotting = runner(SNAPSHOTTED, first, indexFeed)
                .snapshots(snapshots, SNAPSHOT_EVERY)
                .build();
        try (ProjectionRunner.Running running = snapshotting.start()) {
            awaitEvents(first, events, running, "the snapshot's first backfill");
            if (!running.awaitTailing(CAUGHT_UP_WITHIN)) {
                throw new IllegalStateException("the snapshotting runner did not finish its backfill");
            }
        }
        return snapshots.load(SNAPSHOTTED).orElseThrow();
    }

    /**
     * The five phases, {@code rounds} times in an order that rotates each round, each until its read model holds
     * {@code total} events: a list of rounds per phase in {@code measured}. The durable read model starts from
     * {@code state}, at {@code beforeNew} on the index and at {@code lost} on the Stream.
     */
    void measure(
            ObjectNode measured,
            int rounds,
            long total,
            byte[] state,
            Checkpoint beforeNew,
            Checkpoint lost,
            ChangeFeed indexFeed)
            throws InterruptedException {
        Map<String, Supplier<Run>> phases = new LinkedHashMap<>();
        phases.put("indexCatchUp", () -> durable(state, beforeNew, indexFeed));
        phases.put(
                "scanHeal",
                () -> durable(state, lost, new DynamoDbChangeFeed(clients.client, clients.streams, tables, codec)));
        phases.put("snapshotRestart", () -> {
            PostTitles titles = new PostTitles();
            return new Run(
                    titles,
                    runner(SNAPSHOTTED, titles, indexFeed)
                            .snapshots(snapshots, SNAPSHOT_EVERY)
                            .build());
        });
        phases.put("scanRebuild", () -> {
            PostTitles titles = new PostTitles();
            return new Run(
                    titles, runner("post-titles-rebuilt", titles, indexFeed).build());
        });
        phases.put("indexRebuild", () -> {
            PostTitles titles = new PostTitles();
            return new Run(
                    titles,
                    runner("post-titles-from-index", titles, indexFeed)
                            .catchUpFromFeed()
                            .build());
        });
        List<String> names = List.copyOf(phases.keySet());
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                ObjectNode result = measure(name, phases.get(name).get(), total)
                        .put("round", round + 1)
                        .put("order", i + 1);
                if (!measured.has(name)) {
                    measured.putArray(name);
                }
                ((ArrayNode) measured.get(name)).add(result);
                System.err.printf(
                        "round %d, %s: %.0f ms, %d requests%n",
                        round + 1,
                        name,
                        result.path("ms").asDouble(),
                        result.path("requests").asLong());
            }
        }
    }

    /** A read model and the runner that keeps it, made just before its measurement. */
    private record Run(PostTitles titles, ProjectionRunner runner) {}

    private Run durable(byte[] state, Checkpoint checkpoint, ChangeFeed feed) {
        PostTitles titles = PostTitles.restored(state);
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        checkpoints.save(DURABLE, checkpoint);
        return new Run(
                titles, runner(DURABLE, titles.durable(checkpoints), feed).build());
    }

    private ProjectionRunner.Builder runner(String name, Projection projection, ChangeFeed feed) {
        return ProjectionRunner.builder(ProjectionSpec.builder(name, projection)
                        .aggregates(BlogPosts.BLOG_POST)
                        .store(store)
                        .codec(codec)
                        .build())
                .feed(feed)
                .pollInterval(Duration.ofMillis(100));
    }

    /** From the runner's start until its read model holds {@code total} events: time, requests, capacity. */
    private ObjectNode measure(String phase, Run run, long total) throws InterruptedException {
        clients.reset();
        long start = System.nanoTime();
        try (ProjectionRunner.Running running = run.runner().start()) {
            awaitEvents(run.titles(), total, running, phase);
            ObjectNode result = clients.cost(json, start);
            Projector.Counts counts = run.runner().counts();
            return result.put("applied", counts.applied())
                    .put("repeats", counts.repeats())
                    .put("gapsFilled", counts.gapsFilled())
                    .put("heals", running.status().heals());
        }
    }

    private static void awaitEvents(PostTitles titles, long total, ProjectionRunner.Running running, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + CAUGHT_UP_WITHIN.toNanos();
        String failure = null;
        while (!titles.awaitEvents(total, Duration.ofSeconds(5))) {
            Optional<Throwable> last = running.lastFailure();
            if (last.isPresent() && !String.valueOf(last.get()).equals(failure)) {
                failure = String.valueOf(last.get());
                System.err.println(what + ": an attempt failed (the runner tries again): " + failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("%s: the read model holds %d of %d events after %s; status %s"
                        .formatted(what, titles.events(), total, CAUGHT_UP_WITHIN, running.status()));
            }
        }
    }
}
