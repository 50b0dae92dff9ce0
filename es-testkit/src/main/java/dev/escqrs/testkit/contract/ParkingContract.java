package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ParkingRetries;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionObserver;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.SkippedEvent;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Tally;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.scenario.TestClock;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Per-aggregate parking ({@link BadRecords#PARK}), the same on every store: an event a projection or a reaction
 * cannot apply parks its aggregate while every other aggregate goes on; the checkpoint moves past it because the
 * entry is recorded; later events of the aggregate wait in order; automatic retries back off and stop at their bound;
 * an operator's retry applies the head and everything behind it, a skip is recorded and never applied; entries
 * survive a restart; a reaction's effects happen once across every retry; and the {@link Parking} port itself keeps
 * entries, requests and skips apart per runner. Subclass it with a fresh store, checkpoints and parking beside it;
 * stores with a table per aggregate type need tables for {@link #AGGREGATE_NAMES}.
 */
public abstract class ParkingContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of("Account", "Ledger", "Sample", Purse.NAME, "Tally");

    protected ParkingContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** Checkpoints beside {@code stores}, that no other test sees. */
    protected abstract Checkpoints checkpoints(Stores stores);

    /** Parking beside {@code stores}, durable as the store is, that no other test sees. */
    protected abstract Parking parking(Stores stores);

    /** A new, empty reaction ledger where the store keeps it. */
    protected abstract ReactionLedger newLedger(Stores stores);

    protected Stores stores;
    private Checkpoints checkpoints;
    private Parking parking;
    private final EventIds ids = EventIds.seeded(Clock.systemUTC(), 41);
    private final TestClock clock = TestClock.at(Instant.parse("2026-12-06T12:00:00Z"));
    /** Stream ids at versions the projection throws on, as "Account#id@version". */
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    private final List<String> unparked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.of(ACCOUNT, Account.LEDGER, PURSE, TALLY));
        checkpoints = checkpoints(stores);
        parking = parking(stores);
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    private void write(String id, int deposits) {
        Account.openAndDeposit(stores.eventStore(), stores.reader(), ACCOUNT, ids, id, deposits);
    }

    private List<Long> storedVersions(String id) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    private AggregateEvent<Event> stored(String id, long version) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, id, version)) {
            return events.findFirst().orElseThrow();
        }
    }

    private static List<Long> versions(RecordingProjection projection, String id) {
        return projection.events(ACCOUNT.name(), id).stream()
                .map(AggregateEvent::aggregateVersion)
                .toList();
    }

    private RecordingProjection poisonable() {
        return new RecordingProjection().beforeApply(event -> {
            if (poisoned.contains(event.streamId() + "@" + event.aggregateVersion())) {
                throw new IllegalStateException("bug in the handler for " + event.eventName());
            }
        });
    }

    private ProjectionRunner runner(String name, Projection projection, ParkingRetries retries) {
        return ProjectionRunner.builder(ProjectionSpec.builder(name, projection)
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .badRecords(BadRecords.PARK)
                        .parking(parking)
                        .retries(retries)
                        .observer(new ProjectionObserver() {
                            @Override
                            public void unparked(String projection, String aggregateName, String aggregateId) {
                                unparked.add(aggregateName + "#" + aggregateId);
                            }
                        })
                        .build())
                .feed(stores.feed())
                .segments(2)
                .pollInterval(Duration.ofMillis(50))
                .clock(clock)
                .build();
    }

    private ProjectionRunner runner(String name, Projection projection) {
        // automatic retries far apart: a test that wants them moves the clock
        return runner(name, projection, new ParkingRetries(Duration.ofHours(1), Duration.ofHours(1), 3, 25));
    }

    private Optional<ParkedAggregate> entry(String runner, String id) {
        return parking.find(runner, ACCOUNT.name(), id);
    }

    private void awaitVersions(RecordingProjection projection, String id, List<Long> expected) {
        Eventually.await(
                "account " + id + " to be projected at " + expected,
                Eventually.timeout(),
                () -> versions(projection, id).equals(expected),
                () -> "(holds " + versions(projection, id) + ")");
    }

    private void awaitParked(String runner, String id, java.util.function.Predicate<ParkedAggregate> as) {
        Eventually.await(
                "account " + id + " to be parked as expected",
                Eventually.timeout(),
                () -> entry(runner, id).filter(as).isPresent(),
                () -> "(entry " + entry(runner, id) + ")");
    }

    @Nested
    class A_failing_event {
        @Test
        void parks_its_aggregate_while_every_other_aggregate_goes_on() throws Exception {
            write("a", 3);
            write("b", 3);
            write("c", 3);
            poisoned.add("Account#b@2");
            RecordingProjection projection = poisonable();
            try (ProjectionRunner.Running running =
                    runner("parks", projection.durable(checkpoints)).start()) {
                awaitVersions(projection, "a", List.of(1L, 2L, 3L, 4L));
                awaitVersions(projection, "c", List.of(1L, 2L, 3L, 4L));
                write("a", 1);
                write("b", 2);
                write("c", 1);
                awaitVersions(projection, "a", storedVersions("a"));
                awaitVersions(projection, "c", storedVersions("c"));
                awaitParked("parks", "b", e -> e.lastSeenVersion() == 6);

                assertThat(versions(projection, "b"))
                        .as("b's events wait behind its head")
                        .containsExactly(1L);
                ParkedAggregate entry = entry("parks", "b").orElseThrow();
                AggregateEvent<Event> head = stored("b", 2);
                assertThat(entry.runner()).isEqualTo("parks");
                assertThat(entry.head().version()).isEqualTo(2);
                assertThat(entry.head().eventId()).isEqualTo(head.eventId());
                assertThat(entry.head().eventName()).isEqualTo(head.eventName());
                assertThat(entry.head().json()).contains("\"amount\"");
                assertThat(entry.waiting()).as("versions 3 to 6 wait behind it").isEqualTo(4);
                assertThat(entry.error().category()).isEqualTo("INTERNAL");
                assertThat(entry.error().type()).isEqualTo(IllegalStateException.class.getName());
                assertThat(entry.error().message()).isEqualTo("bug in the handler for " + head.eventName());
                assertThat(entry.attempts()).isEqualTo(1);
                assertThat(entry.firstFailure()).isEqualTo(clock.instant());
                assertThat(entry.nextAttempt()).contains(clock.instant().plus(Duration.ofHours(1)));
                assertThat(running.status().parked()).isEqualTo(1);
                assertThat(running.status().isDegraded()).isTrue();
                assertThat(running.status().lastFailure())
                        .as("parking is not a failure of the runner")
                        .isEmpty();
                assertThat(projection.breaches()).isEmpty();
            }
        }

        @Test
        void is_retried_by_an_operator_with_every_event_behind_it_in_order() throws Exception {
            write("a", 2);
            write("b", 2);
            poisoned.add("Account#b@2");
            RecordingProjection projection = poisonable();
            try (ProjectionRunner.Running running =
                    runner("retried", projection.durable(checkpoints)).start()) {
                awaitParked("retried", "b", e -> true);
                write("b", 2);
                awaitParked("retried", "b", e -> e.lastSeenVersion() == 5);
                assertThat(running.retry(ACCOUNT.name(), "a", "ops"))
                        .as("a is not parked")
                        .isFalse();

                poisoned.clear(); // the fix is deployed
                assertThat(running.retry(ACCOUNT.name(), "b", "ops")).isTrue();

                awaitVersions(projection, "b", List.of(1L, 2L, 3L, 4L, 5L));
                Eventually.await(
                        "b's entry to be gone", () -> entry("retried", "b").isEmpty());
                // the observer is told right after the entry is removed
                Eventually.await("the observer to be told", () -> !unparked.isEmpty());
                assertThat(unparked).containsExactly("Account#b");
                assertThat(running.parked()).isEmpty();
                assertThat(projection.breaches()).isEmpty();
                write("b", 1);
                awaitVersions(projection, "b", storedVersions("b"));
            }
        }

        @Test
        void is_retried_automatically_with_backoff_and_then_waits_for_an_operator() throws Exception {
            write("b", 1);
            poisoned.add("Account#b@2");
            RecordingProjection projection = poisonable();
            ParkingRetries retries = new ParkingRetries(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, 25);
            try (ProjectionRunner.Running running =
                    runner("backoff", projection.durable(checkpoints), retries).start()) {
                Instant parkedAt = clock.instant();
                awaitParked("backoff", "b", e -> e.attempts() == 1);
                assertThat(entry("backoff", "b").orElseThrow().nextAttempt()).contains(parkedAt.plusSeconds(1));

                Instant second = clock.advance(Duration.ofSeconds(1));
                awaitParked("backoff", "b", e -> e.attempts() == 2);
                assertThat(entry("backoff", "b").orElseThrow().nextAttempt()).contains(second.plusSeconds(2));
                assertThat(entry("backoff", "b").orElseThrow().firstFailure()).isEqualTo(parkedAt);

                clock.advance(Duration.ofSeconds(2));
                awaitParked("backoff", "b", e -> e.attempts() == 3);
                assertThat(entry("backoff", "b").orElseThrow().nextAttempt())
                        .as("the automatic retries are used up")
                        .isEmpty();

                poisoned.clear();
                clock.advance(Duration.ofHours(1));
                write("a", 1); // the runner polls, applies a, and has nothing due for b
                awaitVersions(projection, "a", List.of(1L, 2L));
                assertThat(versions(projection, "b"))
                        .as("b waits for an operator")
                        .containsExactly(1L);

                running.retry(ACCOUNT.name(), "b", "ops");
                awaitVersions(projection, "b", List.of(1L, 2L));
            }
        }

        @Test
        void whose_head_is_skipped_is_recorded_and_the_events_behind_it_are_applied() throws Exception {
            write("b", 3);
            poisoned.add("Account#b@2");
            RecordingProjection projection = poisonable();
            AggregateEvent<Event> head = stored("b", 2);
            try (ProjectionRunner.Running running =
                    runner("skips", projection.durable(checkpoints)).start()) {
                awaitParked("skips", "b", e -> e.lastSeenVersion() == 4);
                assertThat(running.skip(ACCOUNT.name(), "b", "ops", "a deposit from the test data"))
                        .isTrue();
                awaitVersions(projection, "b", List.of(1L, 3L, 4L));
                Eventually.await(
                        "b's entry to be gone", () -> entry("skips", "b").isEmpty());
            }
            // the skip stays in force when the feed delivers the head again: a new runner over the same read model
            try (ProjectionRunner.Running again =
                    runner("skips", projection.durable(checkpoints)).start()) {
                write("b", 1);
                awaitVersions(projection, "b", List.of(1L, 3L, 4L, 5L));
                assertThat(again.parked()).isEmpty();
            }
            assertThat(poisoned).contains("Account#b@2");
            assertThat(projection.events(ACCOUNT.name(), "b"))
                    .extracting(AggregateEvent::eventId)
                    .doesNotContain(head.eventId());
        }

        @Test
        void whose_skip_is_recorded_with_who_when_and_why() throws Exception {
            write("b", 1);
            poisoned.add("Account#b@2");
            RecordingProjection projection = poisonable();
            AggregateEvent<Event> head = stored("b", 2);
            try (ProjectionRunner.Running running =
                    runner("skip-record", projection.durable(checkpoints)).start()) {
                awaitParked("skip-record", "b", e -> true);
                Instant asked = clock.instant();
                running.skip(ACCOUNT.name(), "b", "ops", "poison");
                Eventually.await(
                        "b's entry to be gone", () -> entry("skip-record", "b").isEmpty());
                assertThat(parking.skipped("skip-record"))
                        .singleElement()
                        .isEqualTo(new SkippedEvent(
                                "skip-record",
                                ACCOUNT.name(),
                                "b",
                                2,
                                head.eventId(),
                                head.eventName(),
                                "ops",
                                "poison",
                                asked));
            }
        }

        @Test
        void stays_parked_across_a_restart_and_its_later_events_still_wait() throws Exception {
            write("b", 2);
            poisoned.add("Account#b@2");
            RecordingProjection projection = poisonable();
            try (ProjectionRunner.Running first =
                    runner("restarts", projection.durable(checkpoints)).start()) {
                awaitParked("restarts", "b", e -> e.lastSeenVersion() == 3);
                assertThat(first.parked()).hasSize(1);
            }
            try (ProjectionRunner.Running second =
                    runner("restarts", projection.durable(checkpoints)).start()) {
                write("b", 1);
                write("a", 1);
                awaitVersions(projection, "a", List.of(1L, 2L));
                awaitParked("restarts", "b", e -> e.lastSeenVersion() == 4);
                assertThat(versions(projection, "b")).containsExactly(1L);
                assertThat(second.parked()).hasSize(1);

                poisoned.clear();
                second.retry(ACCOUNT.name(), "b", "ops");
                awaitVersions(projection, "b", List.of(1L, 2L, 3L, 4L));
            }
        }

        @Test
        void that_says_the_store_is_unavailable_parks_nothing_and_fails_the_batch() throws Exception {
            write("b", 1);
            AtomicBoolean down = new AtomicBoolean(true);
            RecordingProjection projection = new RecordingProjection().beforeApply(event -> {
                if (down.get()) {
                    throw new dev.escqrs.core.error.StoreUnavailableException(
                            "the read model's table is throttled", new java.io.IOException("throttled"));
                }
            });
            try (ProjectionRunner.Running running =
                    runner("unavailable", projection.durable(checkpoints)).start()) {
                Eventually.await("the runner to fail", () -> running.status().failures() > 0);
                assertThat(running.parked()).isEmpty();
                down.set(false);
                awaitVersions(projection, "b", List.of(1L, 2L));
                assertThat(running.parked()).isEmpty();
            }
        }
    }

    @Nested
    class An_operator {
        @Test
        void retries_some_parked_aggregates_and_leaves_the_others_parked() throws Exception {
            write("b", 1);
            write("c", 1);
            write("d", 1);
            poisoned.addAll(List.of("Account#b@2", "Account#c@2", "Account#d@2"));
            RecordingProjection projection = poisonable();
            try (ProjectionRunner.Running running =
                    runner("some", projection.durable(checkpoints)).start()) {
                Eventually.await(
                        "three accounts to be parked",
                        () -> parking.parked("some").size() == 3);
                poisoned.clear();
                assertThat(running.retry(e -> !e.aggregateId().equals("d"), "ops"))
                        .isEqualTo(2);
                awaitVersions(projection, "b", List.of(1L, 2L));
                awaitVersions(projection, "c", List.of(1L, 2L));
                assertThat(parking.parked("some"))
                        .extracting(ParkedAggregate::aggregateId)
                        .containsExactly("d");
                assertThat(versions(projection, "d")).containsExactly(1L);
            }
        }

        @Test
        void replays_a_read_model_from_the_start() throws Exception {
            write("a", 2);
            RecordingProjection projection = new RecordingProjection();
            AtomicBoolean reset = new AtomicBoolean();
            Projection watched = new Projection() {
                public long appliedVersion(String aggregateName, String aggregateId) {
                    return projection.appliedVersion(aggregateName, aggregateId);
                }

                public void apply(AggregateEvent<?> event) {
                    projection.apply(event);
                }

                public void reset() {
                    reset.set(true);
                    projection.reset();
                }
            };
            try (ProjectionRunner.Running running = runner("replays", watched).start()) {
                awaitVersions(projection, "a", List.of(1L, 2L, 3L));
                running.replay();
                Eventually.await("the replay to reset the read model", reset::get);
                awaitVersions(projection, "a", List.of(1L, 2L, 3L));
                assertThat(projection.breaches()).isEmpty();
            }
        }

        @Test
        void moves_a_checkpoint_and_the_runner_tails_from_there() throws Exception {
            write("a", 1);
            RecordingProjection projection = new RecordingProjection();
            try (ProjectionRunner.Running running =
                    runner("moves", projection.durable(checkpoints)).start()) {
                awaitVersions(projection, "a", List.of(1L, 2L));
                dev.escqrs.core.port.Checkpoint head = stores.feed().head();
                running.moveCheckpoint(head);
                Eventually.await(
                        "the checkpoint to be moved",
                        () -> checkpoints.load("moves").isPresent()
                                && running.checkpoint().isPresent());
                write("a", 1);
                awaitVersions(projection, "a", List.of(1L, 2L, 3L));
            }
        }

        @Test
        void cannot_replay_a_reaction() throws Exception {
            Reactor reactor = Reactor.builder(
                            "no-replay",
                            Reaction.builder()
                                    .on(PURSE, Purse.Deposited.class, (event, deposited) -> List.of())
                                    .build())
                    .handlers(CommandHandler.builder(TALLY, Tally.DECIDER)
                            .store(stores.eventStore(), stores.reader())
                            .build())
                    .ledger(newLedger(stores))
                    .build();
            ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("no-replay", reactor)
                            .aggregates(PURSE)
                            .store(stores.eventStore())
                            .build())
                    .feed(stores.feed())
                    .build();
            try (ProjectionRunner.Running running = runner.start()) {
                assertThatThrownBy(running::replay)
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("reaction");
            }
        }
    }

    @Nested
    class A_reaction {
        @Test
        void takes_each_effect_once_across_every_retry() throws Exception {
            AtomicBoolean broken = new AtomicBoolean(true);
            Decider<Tally.Command, Tally.Event, Tally.State> flaky = new Decider<>() {
                public Tally.State initialState() {
                    return Tally.DECIDER.initialState();
                }

                public List<Tally.Event> decide(Tally.Command command, Tally.State state) {
                    if (broken.get()
                            && command instanceof Tally.Mark mark
                            && mark.token().startsWith("second")) {
                        throw new IllegalStateException("the second tally's handler has a bug");
                    }
                    return Tally.DECIDER.decide(command, state);
                }

                public Tally.State evolve(Tally.State state, Tally.Event event) {
                    return Tally.DECIDER.evolve(state, event);
                }
            };
            CommandHandler<Tally.Command, Tally.Event, Tally.State> tallies = CommandHandler.builder(TALLY, flaky)
                    .store(stores.eventStore(), stores.reader())
                    .eventIds(ids)
                    .cacheSize(0)
                    .build();
            Reaction twice = Reaction.builder()
                    .on(
                            PURSE,
                            Purse.Deposited.class,
                            (event, deposited) -> List.of(
                                    Send.to(
                                            TALLY,
                                            CommandRequest.createOrUpdate(
                                                    "first-" + event.aggregateId(),
                                                    "reaction",
                                                    new Tally.Mark("first@" + event.aggregateVersion()))),
                                    Send.to(
                                            TALLY,
                                            CommandRequest.createOrUpdate(
                                                    "second-" + event.aggregateId(),
                                                    "reaction",
                                                    new Tally.Mark("second@" + event.aggregateVersion())))))
                    .build();
            Reactor reactor = Reactor.builder("twice", twice)
                    .handlers(tallies)
                    .ledger(newLedger(stores))
                    .build();
            ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("twice", reactor)
                            .aggregates(PURSE)
                            .store(stores.eventStore())
                            .badRecords(BadRecords.PARK)
                            .parking(parking)
                            .retries(new ParkingRetries(Duration.ofSeconds(1), Duration.ofSeconds(1), 5, 25))
                            .build())
                    .feed(stores.feed())
                    .pollInterval(Duration.ofMillis(50))
                    .clock(clock)
                    .build();
            var purses = CommandHandler.builder(PURSE, Purse.DECIDER)
                    .store(stores.eventStore(), stores.reader())
                    .eventIds(ids)
                    .build();
            String purse = purses.handle(CommandRequest.create("ann", (Purse.Command) new Purse.Open("ann")))
                    .aggregate()
                    .id();
            purses.handle(CommandRequest.update(purse, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
            try (ProjectionRunner.Running running = runner.start()) {
                Eventually.await(
                        "the purse to be parked",
                        () -> parking.find("twice", PURSE.name(), purse).isPresent());
                clock.advance(Duration.ofSeconds(1));
                Eventually.await(
                        "an automatic retry",
                        () -> parking.find("twice", PURSE.name(), purse)
                                .map(e -> e.attempts() >= 2)
                                .orElse(false));
                broken.set(false);
                clock.advance(Duration.ofSeconds(1));
                Eventually.await(
                        "the purse to be unparked",
                        () -> parking.find("twice", PURSE.name(), purse).isEmpty());
                assertThat(running.parked()).isEmpty();
            }
            assertThat(tallies.read("first-" + purse).orElseThrow().state().marks())
                    .as("the first command was sent on every try, and took effect once")
                    .isEqualTo(1);
            assertThat(tallies.read("second-" + purse).orElseThrow().state().marks())
                    .isEqualTo(1);
        }
    }

    @Nested
    class The_parking_port {
        private ParkedAggregate entry(String runner, String id, Instant at) {
            return new ParkedAggregate(
                    runner,
                    ACCOUNT.name(),
                    id,
                    new ParkedAggregate.ParkedEvent(2, "01J-event", "Deposited", "{\"amount\":2}"),
                    3,
                    new ParkedAggregate.Failure("INTERNAL", "java.lang.Error", "x"),
                    1,
                    at,
                    at,
                    Optional.of(at.plusSeconds(1)),
                    Optional.empty());
        }

        @Test
        void keeps_entries_per_runner_oldest_first() {
            Instant t = Instant.parse("2026-12-06T12:00:00Z");
            parking.save(entry("port", "b", t.plusSeconds(5)));
            parking.save(entry("port", "a", t));
            parking.save(entry("port-2", "a", t));
            assertThat(parking.parked("port"))
                    .extracting(ParkedAggregate::aggregateId)
                    .containsExactly("a", "b");
            assertThat(parking.parked("port-2")).singleElement().isEqualTo(entry("port-2", "a", t));
            assertThat(parking.parked())
                    .filteredOn(e -> e.runner().startsWith("port"))
                    .hasSize(3);
            parking.remove("port", ACCOUNT.name(), "a");
            assertThat(parking.find("port", ACCOUNT.name(), "a")).isEmpty();
            assertThat(parking.find("port", ACCOUNT.name(), "b")).contains(entry("port", "b", t.plusSeconds(5)));
        }

        @Test
        void keeps_an_operators_request_when_the_runner_saves_and_clears_only_the_one_handled() {
            Instant t = Instant.parse("2026-12-06T12:00:00Z");
            ParkedAggregate.OperatorRequest retry =
                    new ParkedAggregate.OperatorRequest(ParkedAggregate.Action.RETRY, "ops", "retry", t);
            assertThat(parking.request("req", ACCOUNT.name(), "a", retry))
                    .as("not parked")
                    .isFalse();
            assertThat(parking.find("req", ACCOUNT.name(), "a")).isEmpty();

            parking.save(entry("req", "a", t));
            assertThat(parking.request("req", ACCOUNT.name(), "a", retry)).isTrue();
            parking.save(entry("req", "a", t).seen(9));
            assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().request())
                    .contains(retry);
            assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().lastSeenVersion())
                    .isEqualTo(9);

            ParkedAggregate.OperatorRequest skip =
                    new ParkedAggregate.OperatorRequest(ParkedAggregate.Action.SKIP, "ops", "why", t.plusSeconds(1));
            parking.request("req", ACCOUNT.name(), "a", skip);
            parking.clearRequest("req", ACCOUNT.name(), "a", retry);
            assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().request())
                    .contains(skip);
            parking.clearRequest("req", ACCOUNT.name(), "a", skip);
            assertThat(parking.find("req", ACCOUNT.name(), "a").orElseThrow().request())
                    .isEmpty();
        }

        @Test
        void gives_a_runners_entries_and_skips_together_and_nothing_of_another_runner() {
            Instant t = Instant.parse("2026-12-06T12:00:00Z");
            parking.save(entry("state", "a", t));
            parking.save(entry("state-2", "b", t));
            SkippedEvent skipped =
                    new SkippedEvent("state", ACCOUNT.name(), "c", 2, "01J-event", "Deposited", "ops", "why", t);
            parking.recordSkip(skipped);
            parking.recordSkip(
                    new SkippedEvent("state-2", ACCOUNT.name(), "c", 2, "01J-event", "Deposited", "ops", "why", t));

            Parking.State state = parking.state("state");
            assertThat(state.parked())
                    .isEqualTo(parking.parked("state"))
                    .singleElement()
                    .extracting(ParkedAggregate::aggregateId)
                    .isEqualTo("a");
            assertThat(state.skipped()).isEqualTo(parking.skipped("state")).containsExactly(skipped);
        }

        @Test
        void keeps_skips_per_runner_until_forgotten() {
            Instant t = Instant.parse("2026-12-06T12:00:00Z");
            SkippedEvent skipped =
                    new SkippedEvent("skips", ACCOUNT.name(), "a", 2, "01J-event", "Deposited", "ops", "why", t);
            parking.recordSkip(skipped);
            parking.recordSkip(
                    new SkippedEvent("skips-2", ACCOUNT.name(), "a", 2, "01J-event", "Deposited", "ops", "why", t));
            assertThat(parking.skipped("skips")).containsExactly(skipped);
            parking.forgetSkip(skipped);
            assertThat(parking.skipped("skips")).isEmpty();
            assertThat(parking.skipped("skips-2")).hasSize(1);
        }
    }

    @Test
    void a_durable_projection_must_be_given_durable_parking() {
        RecordingProjection projection = new RecordingProjection();
        assertThatThrownBy(() -> ProjectionSpec.builder("durable", projection.durable(checkpoints))
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .badRecords(BadRecords.PARK)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parking(");
        assertThat(ProjectionSpec.builder("memory", projection)
                        .aggregates(ACCOUNT)
                        .store(stores.eventStore())
                        .badRecords(BadRecords.PARK)
                        .build()
                        .parking())
                .as("in memory by default")
                .isPresent();
    }
}
