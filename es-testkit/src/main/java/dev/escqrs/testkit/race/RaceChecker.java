package dev.escqrs.testkit.race;

import static dev.escqrs.testkit.internal.Tally.TALLY;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.RetriesExhaustedException;
import dev.escqrs.testkit.internal.Tally;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hammers a store with racing writers and then checks that nothing was lost, doubled or reordered: T threads run N
 * commands each over K aggregates, half of them with a caller-given expected version (the last version that thread
 * saw, often stale, unless {@link #expectedVersions} is off), all under a retry policy (default
 * {@link RetryPolicy#DEFAULT}) for lost races. Each thread has its own command handler and cache, as
 * separate processes would.
 *
 * <p>Afterwards, per aggregate: versions are 1..n with no gap; the stored aggregate equals the fold of its events;
 * every acknowledged command's event is stored exactly once; no rejected command's event is stored; and the change
 * feed delivered every event at least once, each aggregate's in version order.
 *
 * <pre>{@code
 * RaceChecker.Report report = RaceChecker.on(fixture).threads(8).commandsPerThread(2_000).aggregates(4).run();
 * }</pre>
 */
public final class RaceChecker {
    private final StoreFixture fixture;
    private int threads = 4;
    private int commandsPerThread = 100;
    private int aggregates = 2;
    private long seed = 42;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private boolean expectedVersions = true;

    private RaceChecker(StoreFixture fixture) {
        this.fixture = Objects.requireNonNull(fixture, "fixture");
    }

    public static RaceChecker on(StoreFixture fixture) {
        return new RaceChecker(fixture);
    }

    public RaceChecker threads(int threads) {
        this.threads = threads;
        return this;
    }

    public RaceChecker commandsPerThread(int commands) {
        this.commandsPerThread = commands;
        return this;
    }

    public RaceChecker aggregates(int aggregates) {
        this.aggregates = aggregates;
        return this;
    }

    /** The seed of the choices (which aggregate, whether to send an expected version); the report repeats it. */
    public RaceChecker seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Whether half the commands carry the last version their thread saw (default) or none do: without them every
     * command is a pure race, the hardest case for the retry policy (a busy aggregate).
     */
    public RaceChecker expectedVersions(boolean expectedVersions) {
        this.expectedVersions = expectedVersions;
        return this;
    }

    public RaceChecker retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
        return this;
    }

    /**
     * What the run did; {@link #run()} has already checked every invariant when it returns one. {@code mostAttempts}:
     * the most attempts one command took, given up or not; {@code longest}: the longest one command took.
     */
    public record Report(
            long seed,
            int acknowledged,
            int versionMismatches,
            int gaveUp,
            int retried,
            Map<String, Long> versions,
            Stores stores,
            int mostAttempts,
            java.time.Duration longest) {}

    /** Runs the race, checks every invariant (AssertJ), and returns what happened. */
    public Report run() throws Exception {
        Stores stores = fixture.create(JsonCodec.create(Tally.TYPES));
        List<String> ids = new ArrayList<>();
        CommandHandler<Tally.Command, Tally.Event, Tally.State> setup = handler(stores);
        for (int k = 0; k < aggregates; k++) {
            ids.add(setup.handle(CommandRequest.createWithId("tally-" + k + "-" + seed, "setup", new Tally.Open()))
                    .aggregate()
                    .id());
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> rejected = ConcurrentHashMap.newKeySet();
        Map<String, String> unexpected = new ConcurrentHashMap<>();
        int[] mismatches = new int[threads];
        int[] gaveUp = new int[threads];
        int[] retried = new int[threads];
        int[] mostAttempts = new int[threads];
        long[] longest = new long[threads];
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            CommandHandler<Tally.Command, Tally.Event, Tally.State> own = handler(stores);
            SplittableRandom random = new SplittableRandom(seed * 31 + t);
            futures.add(pool.submit(() -> {
                Map<String, Long> seen = new HashMap<>();
                start.await();
                for (int i = 0; i < commandsPerThread; i++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    String token = "t" + thread + "-" + i;
                    CommandRequest<Tally.Command> request =
                            CommandRequest.update(id, "thread-" + thread, new Tally.Mark(token));
                    if (random.nextBoolean() && expectedVersions) {
                        request = request.expectingVersion(seen.getOrDefault(id, 1L));
                    }
                    long began = System.nanoTime();
                    try {
                        CommandResult<Tally.Event, Tally.State> result = own.handle(request);
                        acknowledged.add(token);
                        seen.put(id, result.aggregate().version());
                        if (result.attempts() > 1) {
                            retried[thread]++;
                        }
                        mostAttempts[thread] = Math.max(mostAttempts[thread], result.attempts());
                    } catch (ConflictException e) {
                        rejected.add(token);
                        mismatches[thread]++;
                        e.actualVersion().ifPresent(v -> seen.put(id, v));
                    } catch (RetriesExhaustedException e) {
                        rejected.add(token);
                        gaveUp[thread]++;
                        mostAttempts[thread] = Math.max(mostAttempts[thread], e.attempts());
                    } catch (EscqrsException e) {
                        unexpected.put(token, e.toString());
                    } finally {
                        longest[thread] = Math.max(longest[thread], System.nanoTime() - began);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();

        Map<String, Long> versions = RaceInvariants.check(stores, ids, acknowledged, rejected, unexpected, seed);
        return new Report(
                seed,
                acknowledged.size(),
                sum(mismatches),
                sum(gaveUp),
                sum(retried),
                versions,
                stores,
                java.util.Arrays.stream(mostAttempts).max().orElse(0),
                java.time.Duration.ofNanos(
                        java.util.Arrays.stream(longest).max().orElse(0)));
    }

    private CommandHandler<Tally.Command, Tally.Event, Tally.State> handler(Stores stores) {
        return CommandHandler.builder(TALLY, Tally.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .retryPolicy(retryPolicy)
                .build();
    }

    private static int sum(int[] values) {
        return java.util.Arrays.stream(values).sum();
    }

    @Override
    public String toString() {
        return "RaceChecker[%d threads x %d commands over %d aggregates, seed %d%s]"
                .formatted(
                        threads, commandsPerThread, aggregates, seed, expectedVersions ? "" : ", no expected versions");
    }
}
