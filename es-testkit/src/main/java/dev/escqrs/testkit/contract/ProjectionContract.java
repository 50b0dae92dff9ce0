package dev.escqrs.testkit.contract;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.testkit.internal.Account.Deposited;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.Opened;
import dev.escqrs.testkit.internal.Account.State;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static dev.escqrs.testkit.internal.Account.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of read models on a store: the checkpoint port, and the {@link ProjectionRunner} catching up from the
 * store and then following the feed (nothing missed, nothing applied twice, each aggregate in version order, restart
 * at the checkpoint, rebuild), and the {@link Projector} filling gaps from the store. Subclass it with a fresh store
 * and fresh checkpoints, as for {@link StoreContract}; stores with a table per aggregate type need tables for
 * {@link Account#AGGREGATE_NAMES}.
 */
public abstract class ProjectionContract {
    protected ProjectionContract() {
    }

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
    void write(AggregateType<State, Event> type, String id, int deposits) {
        Account.openAndDeposit(stores.eventStore(), stores.reader(), type, ids, id, deposits);
    }

    private List<Long> storedVersions(AggregateType<State, Event> type, String id) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(type, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    private List<Long> projectedVersions(RecordingProjection projection, AggregateType<State, Event> type, String id) {
        return projection.events(type.name(), id).stream().map(AggregateEvent::aggregateVersion).toList();
    }

    private ProjectionRunner runner(String name, RecordingProjection projection) {
        return ProjectionRunner.builder(name, projection).aggregates(ACCOUNT).store(stores.eventStore())
                .feed(stores.feed()).checkpoints(checkpoints).segments(3).pollInterval(Duration.ofMillis(50)).build();
    }

    /** Waits until the projection holds every stored event of these accounts. */
    private void awaitAll(RecordingProjection projection, String... accountIds) {
        Eventually.await("the projection to hold every stored event", Eventually.DEFAULT_TIMEOUT, () -> {
            for (String id : accountIds) {
                if (!projectedVersions(projection, ACCOUNT, id).equals(storedVersions(ACCOUNT, id))) {
                    return false;
                }
            }
            return true;
        }, () -> "(holds %d events)".formatted(projection.total()));
    }

    /** Waits until the saved checkpoint has nothing after it: the tail has read everything there is. */
    private void awaitCaughtUp(ProjectionRunner runner) {
        Eventually.await("the saved checkpoint to reach the end of the feed", () -> checkpoints.load(runner.name())
                .map(c -> stores.feed().read(c, 100).isEmpty()).orElse(false));
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
                assertThat(running.awaitTailing(Eventually.DEFAULT_TIMEOUT)).as("the backfill finishes").isTrue();
                awaitAll(projection, "a1", "a2");
                write(LEDGER, "a1", 1);
                write(ACCOUNT, "a1", 2);
                write(ACCOUNT, "a3", 1);
                awaitAll(projection, "a1", "a2", "a3");
            }

            assertThat(projection.breaches()).isEmpty();
            assertThat(projection.streamIds()).containsExactlyInAnyOrder("Account#a1", "Account#a2", "Account#a3");
            assertThat(runner.counts().ignored()).as("the ledger's event from the feed is not this projection's").isPositive();
        }

        @Test
        void events_written_during_the_backfill_are_not_missed() throws Exception {
            for (int i = 0; i < 6; i++) {
                write(ACCOUNT, "early-" + i, 3);
            }
            AtomicBoolean wrote = new AtomicBoolean();
            RecordingProjection projection = new RecordingProjection().onApply(e -> {
                if (wrote.compareAndSet(false, true)) {
                    write(ACCOUNT, "during", 4);       // a writer racing the backfill
                    write(ACCOUNT, "early-0", 2);
                }
            });

            try (ProjectionRunner.Running running = runner("during-backfill", projection).start()) {
                assertThat(running.awaitTailing(Eventually.DEFAULT_TIMEOUT)).isTrue();
                awaitAll(projection, "during", "early-0", "early-1", "early-5");
            }
            assertThat(projection.breaches()).isEmpty();
        }

        @Test
        void a_restart_resumes_at_the_checkpoint_without_replaying() throws Exception {
            write(ACCOUNT, "r1", 4);
            RecordingProjection projection = new RecordingProjection();
            ProjectionRunner first = runner("restarted", projection);
            try (ProjectionRunner.Running running = first.start()) {
                assertThat(running.awaitTailing(Eventually.DEFAULT_TIMEOUT)).isTrue();
                awaitAll(projection, "r1");
                awaitCaughtUp(first);
            }
            write(ACCOUNT, "r1", 2);
            write(ACCOUNT, "r2", 1);

            ProjectionRunner second = runner("restarted", projection);
            try (ProjectionRunner.Running running = second.start()) {
                awaitAll(projection, "r1", "r2");
                assertThat(running.phase()).isEqualTo(ProjectionRunner.Phase.TAILING);
            }

            assertThat(second.counts().applied()).as("only the events written while it was down").isEqualTo(4);
            assertThat(second.counts().repeats()).as("nothing before the checkpoint came again").isZero();
            assertThat(projection.breaches()).isEmpty();
        }

        @Test
        void reset_and_start_rebuild_the_projection_from_the_store() throws Exception {
            write(ACCOUNT, "b1", 3);
            RecordingProjection projection = new RecordingProjection();
            ProjectionRunner runner = runner("rebuilt", projection);
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

            projector.apply(List.of(stored.get(3)));          // version 4 first: 1, 2 and 3 were lost or are late
            projector.apply(List.of(stored.get(1)));          // version 2 arrives late

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
