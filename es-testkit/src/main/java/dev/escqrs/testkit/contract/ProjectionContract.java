package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static dev.escqrs.testkit.internal.Account.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.port.Snapshots;
import dev.escqrs.core.projection.BlueGreen;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.core.projection.SnapshottingProjection;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Account.Deposited;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.State;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.scenario.TestClock;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of read models on a store: the checkpoint port, and the {@link ProjectionRunner} catching up from the
 * store and then following the feed (nothing missed, nothing applied twice, each aggregate in version order, restart
 * at the checkpoint of a durable read model, rebuild of one in memory, healing of a lost feed position, status, lag
 * and read-your-writes), and the {@link Projector} filling gaps from the store. Subclass it with a fresh store
 * and fresh checkpoints, as for {@link StoreContract}; stores with a table per aggregate type need tables for
 * {@link Account#AGGREGATE_NAMES}.
 */
public abstract class ProjectionContract {
    protected ProjectionContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** Checkpoints beside {@code stores}, that no other test sees. */
    protected abstract Checkpoints checkpoints(Stores stores);

    protected Stores stores;
    private Checkpoints checkpoints;
    private final EventIds ids = EventIds.seeded(Clock.systemUTC(), 13);

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.create(Account.TYPES));
        checkpoints = checkpoints(stores);
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    /** Appends {@code deposits} deposits to {@code id} (opening it first when new). */
    void write(AggregateType<Event, State> type, String id, int deposits) {
        Account.openAndDeposit(stores.eventStore(), stores.reader(), type, ids, id, deposits);
    }

    private List<Long> storedVersions(AggregateType<Event, State> type, String id) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(type, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    private List<Long> projectedVersions(RecordingProjection projection, AggregateType<Event, State> type, String id) {
        return projection.events(type.name(), id).stream()
                .map(AggregateEvent::aggregateVersion)
                .toList();
    }

    private ProjectionRunner runner(String name, Projection projection) {
        return builder(name, projection).build();
    }

    private ProjectionRunner.Builder builder(String name, Projection projection) {
        return builder(name, projection, ProjectionObserver.NONE);
    }

    private ProjectionRunner.Builder builder(String name, Projection projection, ProjectionObserver observer) {
        return ProjectionRunner.builder(ProjectionSpec.builder(name, projection)
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .observer(observer)
                        .build())
                .feed(stores.feed())
                .segments(3)
                .pollInterval(Duration.ofMillis(50));
    }

    /** Waits until the projection holds every stored event of these accounts. */
    private void awaitAll(RecordingProjection projection, String... accountIds) {
        Eventually.await(
                "the projection to hold every stored event",
                Eventually.timeout(),
                () -> {
                    for (String id : accountIds) {
                        if (!projectedVersions(projection, ACCOUNT, id).equals(storedVersions(ACCOUNT, id))) {
                            return false;
                        }
                    }
                    return true;
                },
                () -> "(holds %d events)".formatted(projection.total()));
    }

    /** Waits until the saved checkpoint has nothing after it: the tail has read everything there is. */
    private void awaitCaughtUp(ProjectionRunner runner) {
        Eventually.await(
                "the saved checkpoint to reach the end of the feed",
                () -> runner.savedCheckpoint()
                        .map(c -> stores.feed().read(c, 100).isEmpty())
                        .orElse(false));
    }

    /** Where the store keeps snapshots of read models in memory (in memory unless the adapter has its own). */
    protected Snapshots snapshots(Stores stores) {
        return Snapshots.inMemory();
    }

    /** A read model in memory that keeps each account's version and balance, and snapshots them as text. */
    static final class Balances implements SnapshottingProjection {
        final Map<String, long[]> accounts = new ConcurrentHashMap<>(); // id: version, balance
        final AtomicLong applied = new AtomicLong();

        @Override
        public long appliedVersion(String aggregateName, String aggregateId) {
            long[] account = accounts.get(aggregateId);
            return account == null ? 0 : account[0];
        }

        @Override
        public void apply(AggregateEvent<?> event) {
            long amount = event.payload() instanceof Deposited deposited ? deposited.amount() : 0;
            long balance = accounts.containsKey(event.aggregateId()) ? accounts.get(event.aggregateId())[1] : 0;
            accounts.put(event.aggregateId(), new long[] {event.aggregateVersion(), balance + amount});
            applied.incrementAndGet();
        }

        @Override
        public void reset() {
            accounts.clear();
        }

        @Override
        public byte[] snapshot() {
            StringBuilder text = new StringBuilder();
            accounts.forEach((id, a) -> text.append(id)
                    .append(' ')
                    .append(a[0])
                    .append(' ')
                    .append(a[1])
                    .append('\n'));
            return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void restore(byte[] snapshot) {
            accounts.clear();
            new String(snapshot, java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .forEach(line -> {
                        String[] parts = line.split(" ");
                        accounts.put(parts[0], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    });
        }

        Map<String, List<Long>> state() {
            Map<String, List<Long>> state = new java.util.TreeMap<>();
            accounts.forEach((id, a) -> state.put(id, List.of(a[0], a[1])));
            return state;
        }
    }

    @Nested
    class Snapshotting {
        @Test
        void a_new_runner_starts_from_the_snapshot_and_reads_only_what_came_after() throws Exception {
            write(ACCOUNT, "s1", 3);
            write(ACCOUNT, "s2", 2);
            Snapshots snapshots = snapshots(stores);
            Balances first = new Balances();
            try (ProjectionRunner.Running running = builder("balances", first)
                    .snapshots(snapshots, Duration.ZERO)
                    .build()
                    .start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                write(ACCOUNT, "s1", 1);
                Eventually.await(
                        "the first runner to apply the deposit", () -> first.appliedVersion("Account", "s1") == 5);
                Eventually.await(
                        "a snapshot holding it",
                        () -> snapshots
                                .load("balances")
                                .map(s -> new String(s.state(), java.nio.charset.StandardCharsets.UTF_8)
                                        .contains("s1 5 "))
                                .orElse(false));
            }

            Balances second = new Balances(); // a new process: nothing in memory
            ProjectionRunner restarted = builder("balances", second)
                    .snapshots(snapshots, Duration.ZERO)
                    .build();
            try (ProjectionRunner.Running running = restarted.start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                assertThat(second.state()).isEqualTo(first.state());
                assertThat(second.applied.get())
                        .as("nothing read again from the store or the feed")
                        .isZero();
                write(ACCOUNT, "s2", 2);
                write(ACCOUNT, "s3", 0);
                Eventually.await(
                        "the restarted runner to follow",
                        () -> second.appliedVersion("Account", "s2") == 5
                                && second.appliedVersion("Account", "s3") == 1);
            }
            assertThat(second.applied.get()).isEqualTo(3);
            assertThat(second.state()).containsEntry("s2", List.of(5L, 6L)).containsEntry("s1", List.of(5L, 7L));
        }

        @Test
        void a_snapshot_that_cannot_be_restored_is_rebuilt_from_the_store() throws Exception {
            write(ACCOUNT, "b1", 2);
            Snapshots snapshots = snapshots(stores);
            snapshots.save(
                    "broken",
                    new Snapshot(
                            stores.feed().head(),
                            "not a snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            java.time.Instant.now()));
            Balances balances = new Balances();

            try (ProjectionRunner.Running running = builder("broken", balances)
                    .snapshots(snapshots, Duration.ZERO)
                    .build()
                    .start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                Eventually.await("the rebuilt read model", () -> balances.appliedVersion("Account", "b1") == 3);
            }
            assertThat(balances.state()).containsEntry("b1", List.of(3L, 3L));
        }
    }

    @Nested
    class Replacing {
        @Test
        void a_new_read_model_is_built_beside_the_serving_one_and_takes_over_once_caught_up() throws Exception {
            write(ACCOUNT, "g1", 3);
            RecordingProjection blue = new RecordingProjection();
            List<RecordingProjection> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (BlueGreen<RecordingProjection> models =
                    BlueGreen.serving(blue, runner("accounts-v1", blue).start()).onRetire(retired::add)) {
                awaitAll(blue, "g1");
                RecordingProjection green = new RecordingProjection();
                models.build(green, runner("accounts-v2", green));
                write(ACCOUNT, "g2", 1);
                assertThat(models.current())
                        .as("the old one serves while the new one builds")
                        .isSameAs(blue);

                assertThat(models.awaitPromotion(Duration.ofSeconds(30), Eventually.timeout()))
                        .isTrue();

                assertThat(models.current()).isSameAs(green);
                assertThat(retired).containsExactly(blue);
                awaitAll(green, "g1", "g2");
                write(ACCOUNT, "g1", 1);
                awaitAll(green, "g1", "g2");
            }
            assertThat(blue.total()).as("the retired one follows no more").isLessThanOrEqualTo(6);
        }
    }

    @Nested
    class CheckpointPort {
        @Test
        void saves_loads_overwrites_and_deletes_per_consumer() {
            assertThat(checkpoints.load("read-model-a")).isEmpty();
            Checkpoint first = stores.feed().head();
            checkpoints.save("read-model-a", first);
            checkpoints.save("read-model-b", Checkpoint.START);
            assertThat(checkpoints.load("read-model-a")).contains(first);

            checkpoints.save("read-model-a", new Checkpoint(first.value()));
            checkpoints.delete("read-model-a");

            assertThat(checkpoints.load("read-model-a")).isEmpty();
            assertThat(checkpoints.load("read-model-b")).contains(Checkpoint.START);
        }
    }

    @Nested
    class CatchUpThenFollow {
        @Test
        void a_new_projection_holds_the_whole_history_then_follows_new_events_and_ignores_other_types()
                throws Exception {
            write(ACCOUNT, "a1", 5);
            write(ACCOUNT, "a2", 3);
            write(LEDGER, "a1", 2);
            RecordingProjection projection = new RecordingProjection();
            ProjectionRunner runner = runner("accounts", projection);

            try (ProjectionRunner.Running running = runner.start()) {
                assertThat(running.awaitTailing(Eventually.timeout()))
                        .as("the backfill finishes")
                        .isTrue();
                awaitAll(projection, "a1", "a2");
                write(LEDGER, "a1", 1);
                write(ACCOUNT, "a1", 2);
                write(ACCOUNT, "a3", 1);
                awaitAll(projection, "a1", "a2", "a3");
            }

            assertThat(projection.breaches()).isEmpty();
            assertThat(projection.streamIds()).containsExactlyInAnyOrder("Account#a1", "Account#a2", "Account#a3");
            assertThat(runner.counts().ignored())
                    .as("the ledger's event from the feed is not this projection's")
                    .isPositive();
        }

        @Test
        void a_runner_catches_up_from_a_feed_that_keeps_every_event_and_is_refused_one_that_does_not()
                throws Exception {
            write(ACCOUNT, "f1", 3);
            write(ACCOUNT, "f2", 1);
            RecordingProjection projection = new RecordingProjection();
            if (!stores.feed().keepsEveryEvent()) { // a DynamoDB Stream: 24 hours
                assertThatThrownBy(() -> builder("from-feed", projection)
                                .catchUpFromFeed()
                                .build())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("keeps every event");
                return;
            }
            try (ProjectionRunner.Running running =
                    builder("from-feed", projection).catchUpFromFeed().build().start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                awaitAll(projection, "f1", "f2");
                write(ACCOUNT, "f1", 1);
                awaitAll(projection, "f1", "f2");
            }
            assertThat(projection.breaches()).isEmpty();
        }

        @Test
        void events_written_during_the_backfill_are_not_missed() throws Exception {
            for (int i = 0; i < 6; i++) {
                write(ACCOUNT, "early-" + i, 3);
            }
            AtomicBoolean wrote = new AtomicBoolean();
            RecordingProjection projection = new RecordingProjection().onApply(e -> {
                if (wrote.compareAndSet(false, true)) {
                    write(ACCOUNT, "during", 4); // a writer racing the backfill
                    write(ACCOUNT, "early-0", 2);
                }
            });

            try (ProjectionRunner.Running running =
                    runner("during-backfill", projection).start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                awaitAll(projection, "during", "early-0", "early-1", "early-5");
            }
            assertThat(projection.breaches()).isEmpty();
        }

        @Test
        void a_restart_resumes_at_the_checkpoint_without_replaying() throws Exception {
            write(ACCOUNT, "r1", 4);
            RecordingProjection projection = new RecordingProjection();
            ProjectionRunner first = runner("restarted", projection.durable(checkpoints));
            try (ProjectionRunner.Running running = first.start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                awaitAll(projection, "r1");
                awaitCaughtUp(first);
            }
            write(ACCOUNT, "r1", 2);
            write(ACCOUNT, "r2", 1);

            ProjectionRunner second = runner("restarted", projection.durable(checkpoints));
            try (ProjectionRunner.Running running = second.start()) {
                awaitAll(projection, "r1", "r2");
                assertThat(running.phase()).isEqualTo(ProjectionRunner.Phase.TAILING);
            }

            assertThat(second.counts().applied())
                    .as("only the events written while it was down")
                    .isEqualTo(4);
            assertThat(second.counts().repeats())
                    .as("nothing before the checkpoint came again")
                    .isZero();
            assertThat(projection.breaches()).isEmpty();
        }

        @Test
        void reset_and_start_rebuild_the_projection_from_the_store() throws Exception {
            write(ACCOUNT, "b1", 3);
            RecordingProjection projection = new RecordingProjection();
            ProjectionRunner runner = runner("rebuilt", projection.durable(checkpoints));
            try (ProjectionRunner.Running running = runner.start()) {
                awaitAll(projection, "b1");
                assertThat(running.lastFailure()).isEmpty();
            }

            runner.reset();
            assertThat(projection.total()).isZero();
            assertThat(checkpoints.load("rebuilt")).isEmpty();
            try (ProjectionRunner.Running running = runner.start()) {
                awaitAll(projection, "b1");
                assertThat(running.lastFailure()).isEmpty();
            }
            assertThat(projection.breaches()).isEmpty();
        }
    }

    @Nested
    class WhereCheckpointsLive {
        @Test
        void a_read_model_in_memory_is_rebuilt_from_the_store_by_each_new_runner_and_saves_nothing_beside_the_store()
                throws Exception {
            write(ACCOUNT, "m1", 3);
            RecordingProjection before = new RecordingProjection();
            ProjectionRunner first = runner("in-memory", before);
            assertThat(first.isDurable()).isFalse();
            try (ProjectionRunner.Running running = first.start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                awaitAll(before, "m1");
                awaitCaughtUp(first);
            }
            write(ACCOUNT, "m1", 1);

            // a restart is a new process: a new, empty read model and a new runner under the same name
            RecordingProjection after = new RecordingProjection();
            try (ProjectionRunner.Running running = runner("in-memory", after).start()) {
                awaitAll(after, "m1");
                Eventually.await(
                        "the new read model's runner to tail", () -> running.phase() == ProjectionRunner.Phase.TAILING);
                assertThat(running.status().counts().applied())
                        .as("each event applied once to the new read model")
                        .isEqualTo(5);
            }

            assertThat(projectedVersions(after, ACCOUNT, "m1"))
                    .as("every event, also those before the restart")
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(checkpoints.load("in-memory"))
                    .as("no durable checkpoint that could outlive the state")
                    .isEmpty();
            assertThat(after.breaches()).isEmpty();
        }

        @Test
        void a_durable_read_model_keeps_its_checkpoint_in_its_own_checkpoints_and_a_reset_deletes_it()
                throws Exception {
            write(ACCOUNT, "d1", 2);
            RecordingProjection projection = new RecordingProjection();
            ProjectionRunner runner = runner("durable", projection.durable(checkpoints));
            assertThat(runner.isDurable()).isTrue();
            try (ProjectionRunner.Running running = runner.start()) {
                awaitAll(projection, "d1");
                awaitCaughtUp(runner);
                assertThat(running.checkpoint()).isEqualTo(runner.savedCheckpoint());
            }
            assertThat(checkpoints.load("durable")).isPresent().isEqualTo(runner.savedCheckpoint());

            runner.reset();
            assertThat(checkpoints.load("durable")).isEmpty();
            assertThat(projection.total()).isZero();
        }
    }

    @Nested
    class Healing {
        @Test
        void a_lost_feed_position_is_healed_from_the_store_once_with_nothing_skipped_or_applied_twice()
                throws Exception {
            write(ACCOUNT, "h1", 3);
            LosingFeed feed = new LosingFeed(stores.feed());
            RecordingProjection projection = new RecordingProjection();
            RecordingObserver observer = new RecordingObserver();
            ProjectionRunner runner = builder("healed", projection.durable(checkpoints), observer)
                    .feed(feed)
                    .build();
            try (ProjectionRunner.Running running = runner.start()) {
                awaitAll(projection, "h1");
                awaitCaughtUp(runner);
                feed.lose(FeedPositionLostException.Reason.TRIMMED);
                write(ACCOUNT, "h1", 2); // written while the position is lost: only the store has them for sure
                write(ACCOUNT, "h2", 2);
                awaitAll(projection, "h1", "h2");
                Eventually.await("the runner to tail again", () -> running.phase() == ProjectionRunner.Phase.TAILING);

                assertThat(feed.pending()).isFalse();
                assertThat(running.status().heals()).isEqualTo(1);
                assertThat(running.lastFailure()).as("a heal is not a failure").isEmpty();
            }
            assertThat(observer.heals).containsExactly(FeedPositionLostException.Reason.TRIMMED);
            assertThat(runner.counts().repeats())
                    .as("what it held came again from the store, and was skipped")
                    .isGreaterThanOrEqualTo(4);
            assertThat(projection.breaches())
                    .as("nothing applied twice or out of order")
                    .isEmpty();
            assertThat(observer.applied.get()).isEqualTo(runner.counts().applied());
        }

        @Test
        void a_restart_on_a_checkpoint_the_feed_cannot_continue_heals_and_keeps_healing_until_it_can()
                throws Exception {
            write(ACCOUNT, "h3", 2);
            RecordingProjection projection = new RecordingProjection();
            ProjectionRunner first = runner("restarted-lost", projection.durable(checkpoints));
            try (ProjectionRunner.Running running = first.start()) {
                awaitAll(projection, "h3");
                awaitCaughtUp(first);
                assertThat(running.status().heals()).isZero();
            }
            write(ACCOUNT, "h3", 1);
            LosingFeed feed = new LosingFeed(stores.feed());
            feed.lose(
                    FeedPositionLostException.Reason.STREAM_REPLACED, FeedPositionLostException.Reason.STREAM_REPLACED);
            ProjectionRunner second = builder("restarted-lost", projection.durable(checkpoints))
                    .feed(feed)
                    .build();
            try (ProjectionRunner.Running running = second.start()) {
                awaitAll(projection, "h3");
                write(ACCOUNT, "h4", 1);
                awaitAll(projection, "h3", "h4");
                assertThat(running.status().heals()).isEqualTo(2);
            }
            assertThat(projection.breaches()).isEmpty();
        }
    }

    @Nested
    class Status {
        @Test
        void tells_the_phase_the_last_event_applied_and_the_lag_which_grows_while_it_fails_and_clears_after()
                throws Exception {
            TestClock clock = TestClock.at(Instant.parse("2026-06-01T10:00:00Z"));
            AtomicBoolean failing = new AtomicBoolean();
            RecordingProjection projection = new RecordingProjection().beforeApply(e -> {
                if (failing.get()) {
                    throw new IllegalStateException("injected: the read model's database is down");
                }
            });
            write(ACCOUNT, "s1", 2);
            ProjectionRunner runner = builder("status", projection).clock(clock).build();
            try (ProjectionRunner.Running running = runner.start()) {
                awaitAll(projection, "s1");
                Eventually.await(
                        "a catch-up", () -> running.status().caughtUpAt().isPresent());
                ProjectionStatus caughtUp = running.status();
                assertThat(caughtUp.phase()).isEqualTo(ProjectionRunner.Phase.TAILING);
                assertThat(caughtUp.lastApplied())
                        .hasValueSatisfying(
                                e -> assertThat(e.aggregateVersion()).isEqualTo(3));
                assertThat(caughtUp.lag()).isEqualTo(Duration.ZERO);
                assertThat(caughtUp.isHealthy(Duration.ofSeconds(1))).isTrue();

                failing.set(true);
                write(ACCOUNT, "s1", 1);
                Eventually.await("the failure to show", () -> running.phase() == ProjectionRunner.Phase.FAILED);
                clock.advance(Duration.ofMinutes(2));
                ProjectionStatus failed = running.status();
                assertThat(failed.lastFailure())
                        .hasValueSatisfying(f -> assertThat(f).hasMessageContaining("injected"));
                assertThat(failed.failures()).isPositive();
                assertThat(failed.lag()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
                assertThat(failed.isHealthy(Duration.ofMinutes(1))).isFalse();

                failing.set(false);
                awaitAll(projection, "s1");
                Eventually.await(
                        "the runner to catch up again",
                        () -> running.status().lag().isZero() && running.phase() == ProjectionRunner.Phase.TAILING);
                assertThat(running.lastFailure()).isEmpty();
            }
            assertThat(projection.breaches()).isEmpty();
        }

        @Test
        void await_applied_returns_once_the_projection_holds_the_version_and_false_when_it_does_not_in_time()
                throws Exception {
            RecordingProjection projection = new RecordingProjection();
            try (ProjectionRunner.Running running =
                    runner("read-your-writes", projection).start()) {
                assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
                write(ACCOUNT, "w1", 2);
                assertThat(running.awaitApplied(ACCOUNT, "w1", 3, Eventually.timeout()))
                        .isTrue();
                assertThat(projectedVersions(projection, ACCOUNT, "w1")).contains(3L);
                assertThat(running.awaitApplied(ACCOUNT, "w1", 9, Duration.ofMillis(200)))
                        .isFalse();
                assertThat(running.awaitApplied(ACCOUNT, "nobody", 1, Duration.ofMillis(100)))
                        .isFalse();
            }
        }
    }

    /** What a runner told its observer. */
    static final class RecordingObserver implements ProjectionObserver {
        final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
        final List<FeedPositionLostException.Reason> heals = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void applied(String projection, long events) {
            applied.addAndGet(events);
        }

        @Override
        public void healing(String projection, FeedPositionLostException.Reason reason) {
            heals.add(reason);
        }
    }

    @Nested
    class GapFilling {
        @Test
        void a_version_beyond_the_next_is_preceded_by_the_missing_ones_from_the_store_and_a_late_one_is_a_repeat() {
            write(ACCOUNT, "g1", 3);
            List<AggregateEvent<Event>> stored;
            try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, "g1")) {
                stored = events.toList();
            }
            RecordingProjection projection = new RecordingProjection();
            Projector projector = new Projector(projection, stores.eventStore(), List.of(ACCOUNT));

            projector.apply(List.of(stored.get(3))); // version 4 first: 1, 2 and 3 were lost or are late
            projector.apply(List.of(stored.get(1))); // version 2 arrives late

            assertThat(projectedVersions(projection, ACCOUNT, "g1")).containsExactly(1L, 2L, 3L, 4L);
            assertThat(projector.counts()).isEqualTo(new Projector.Counts(4, 1, 3, 0));
            assertThat(projection.breaches()).isEmpty();
        }

        @Test
        void a_gap_the_store_cannot_fill_is_an_error_and_nothing_after_it_is_applied() {
            write(ACCOUNT, "g2", 1);
            RecordingProjection projection = new RecordingProjection();
            Projector projector = new Projector(projection, stores.eventStore(), List.of(ACCOUNT));
            AggregateEvent<Event> fromTheFuture = Account.envelope(ids, ACCOUNT, "g2", 9, new Deposited(1));

            assertThatThrownBy(() -> projector.apply(List.of(fromTheFuture)))
                    .isInstanceOf(EventSequenceException.class)
                    .hasMessageContaining("Account g2: the projection holds version 0 and received version 9")
                    .hasMessageContaining("has only up to version 2");
            assertThat(projectedVersions(projection, ACCOUNT, "g2")).containsExactly(1L, 2L);
        }
    }
}
