package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.Lease;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Tally;
import dev.escqrs.testkit.reaction.Redelivery;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reactions, the same on every store: a reactor (here: each deposit into a purse marks its tally) fed at least once,
 * twice, out of order, after a crash between sending and recording, long after the target forgot its keys, and under
 * the projection runner across restarts, takes each effect once; a refused command is skipped and reported.
 */
public abstract class ReactionContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Purse.NAME, "Tally");

    static final String ACTOR = "reaction:tally";
    /** Each deposit marks the purse's tally; a label asks to mark a tally that does not exist (refused). */
    static final Reaction MARK_DEPOSITS = Reaction.builder()
            .on(
                    PURSE,
                    Purse.Deposited.class,
                    (event, deposited) -> List.of(Send.to(
                            TALLY,
                            CommandRequest.createOrUpdate(
                                    "tally-of-" + event.aggregateId(),
                                    ACTOR,
                                    new Tally.Mark(event.aggregateId() + "@" + event.aggregateVersion())))))
            .on(
                    PURSE,
                    Purse.Labelled.class,
                    (event, labelled) -> List.of(
                            Send.to(TALLY, CommandRequest.update("no-such-tally", ACTOR, new Tally.Mark("label")))))
            .build();

    protected ReactionContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /** A new, empty ledger where the store keeps it (each call: a fresh one). */
    protected abstract ReactionLedger newLedger();

    protected Stores stores;
    private final EventIds ids = EventIds.seeded(java.time.Clock.systemUTC(), 31);
    private final List<ReactionObserver.Delivery> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<ReactionObserver.Delivery, Throwable> errors = new ConcurrentHashMap<>();

    @BeforeEach
    void createStore() {
        stores = fixture().create(JsonCodec.of(PURSE, TALLY));
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    private CommandHandler<Purse.Command, Purse.Event, Purse.Balance> purses() {
        return CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .build();
    }

    private CommandHandler<Tally.Command, Tally.Event, Tally.State> tallies() {
        return CommandHandler.builder(TALLY, Tally.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
    }

    private Reactor reactor(ReactionLedger ledger) {
        return Reactor.builder("tally", MARK_DEPOSITS)
                .handlers(tallies())
                .ledger(ledger)
                .observer(new ReactionObserver() {
                    @Override
                    public void delivered(
                            String reaction,
                            AggregateEvent<?> cause,
                            String commandType,
                            Delivery delivery,
                            Optional<Throwable> error) {
                        deliveries.add(delivery);
                        error.ifPresent(e -> errors.put(delivery, e));
                    }
                })
                .build();
    }

    /** A purse opened with {@code deposits} deposits of 1, returned with its events. */
    private String purse(int deposits) {
        var purses = purses();
        String id = purses.handle(CommandRequest.create("ann", (Purse.Command) new Purse.Open("ann")))
                .aggregate()
                .id();
        for (int i = 0; i < deposits; i++) {
            purses.handle(CommandRequest.update(id, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
        }
        return id;
    }

    private List<AggregateEvent<?>> events(String... purseIds) {
        List<AggregateEvent<?>> all = new ArrayList<>();
        for (String id : purseIds) {
            try (Stream<AggregateEvent<Purse.Event>> events =
                    stores.eventStore().events(PURSE, id)) {
                events.forEach(all::add);
            }
        }
        return all;
    }

    private long marks(String purseId) {
        return stores.reader()
                .read(TALLY, "tally-of-" + purseId)
                .map(a -> a.state().marks())
                .orElse(0L);
    }

    @Test
    void every_event_delivered_twice_and_out_of_order_takes_effect_once() {
        String a = purse(3);
        String b = purse(2);

        Redelivery.deliverTwiceOutOfOrder(reactor(newLedger()), stores.eventStore(), events(a, b), 7);

        assertThat(marks(a)).isEqualTo(3);
        assertThat(marks(b)).isEqualTo(2);
    }

    @Test
    void commands_sent_before_a_crash_are_sent_again_with_their_keys_and_take_effect_once() {
        String a = purse(2);
        ReactionLedger ledger = newLedger();
        AtomicBoolean crash = new AtomicBoolean(true);
        ReactionLedger crashingOnce = new ReactionLedger() {
            @Override
            public long reactedVersion(String aggregateName, String aggregateId) {
                return ledger.reactedVersion(aggregateName, aggregateId);
            }

            @Override
            public void recordReacted(String aggregateName, String aggregateId, long version) {
                if (crash.getAndSet(false)) {
                    throw new IllegalStateException("injected: the process died after sending, before recording");
                }
                ledger.recordReacted(aggregateName, aggregateId, version);
            }

            @Override
            public Checkpoints checkpoints() {
                return ledger.checkpoints();
            }
        };
        Reactor reactor = reactor(crashingOnce);
        List<AggregateEvent<?>> events = events(a);

        assertThatThrownBy(() -> new Projector(reactor, stores.eventStore(), reactor.aggregates()).apply(events))
                .hasMessageContaining("injected");
        new Projector(reactor, stores.eventStore(), reactor.aggregates()).apply(events); // delivered again

        assertThat(reactor.counts().duplicates())
                .as("the command sent before the crash, answered again")
                .isEqualTo(1);
        assertThat(reactor.counts().sent()).isEqualTo(2);
        assertThat(marks(a)).isEqualTo(2);
    }

    @Test
    void a_refused_command_is_reported_and_skipped_and_later_events_go_on() {
        var purses = purses();
        String a = purse(1);
        purses.handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Label(Map.of("k", "v"))));
        purses.handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
        Reactor reactor = reactor(newLedger());

        new Projector(reactor, stores.eventStore(), reactor.aggregates()).apply(events(a));

        assertThat(reactor.counts().refused()).isEqualTo(1);
        assertThat(errors.get(ReactionObserver.Delivery.REFUSED)).isInstanceOf(NotFoundException.class);
        assertThat(deliveries)
                .containsExactly(
                        ReactionObserver.Delivery.SENT,
                        ReactionObserver.Delivery.REFUSED,
                        ReactionObserver.Delivery.SENT);
        assertThat(marks(a)).isEqualTo(2);
    }

    @Test
    void a_replay_long_after_the_targets_forgot_the_keys_sends_nothing_again() {
        int deposits = dev.escqrs.core.idempotency.KeyedCommand.MAX_REMEMBERED + 4;
        String a = purse(deposits);
        ReactionLedger ledger = newLedger();
        Reactor first = reactor(ledger);
        new Projector(first, stores.eventStore(), first.aggregates()).apply(events(a));
        assertThat(stores.reader()
                        .read(TALLY, "tally-of-" + a)
                        .orElseThrow()
                        .meta()
                        .keyedCommands())
                .as("the tally remembers only the newest keys")
                .hasSize(dev.escqrs.core.idempotency.KeyedCommand.MAX_REMEMBERED);

        Reactor replayed = reactor(ledger); // a new process, the whole history delivered again
        new Projector(replayed, stores.eventStore(), replayed.aggregates()).apply(events(a));

        assertThat(replayed.counts()).isEqualTo(new Reactor.Counts(0, 0, 0, 0));
        assertThat(marks(a)).isEqualTo(deposits);
    }

    @Test
    void under_the_projection_runner_effects_survive_restarts_and_a_rebuild_of_its_position() {
        String a = purse(2);
        ReactionLedger ledger = newLedger();
        ProjectionRunner.Running first = runner(ledger).start();
        try {
            purses().handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
            Eventually.await("the tally to count 3 deposits", () -> marks(a) == 3);
        } finally {
            first.close();
        }
        String b = purse(1);
        ledger.checkpoints().delete("tally"); // its position lost: the next runner catches up from the store
        try (ProjectionRunner.Running running = runner(ledger).start()) {
            Eventually.await("the second purse's deposit to be counted", () -> marks(b) == 1);
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(marks(a))
                .as("nothing counted twice across the restart and the catch-up")
                .isEqualTo(3);
        Aggregate<Tally.State> tally =
                stores.reader().read(TALLY, "tally-of-" + a).orElseThrow();
        assertThat(tally.version()).isEqualTo(3);
    }

    /** Where the store keeps leases (in memory unless the adapter has its own, as DynamoDB's checkpoint table). */
    protected Leases leases() {
        return Leases.inMemory();
    }

    @Test
    void of_three_replicas_under_one_lease_one_reacts_and_when_it_dies_another_takes_over_each_effect_once()
            throws InterruptedException {
        String a = purse(2);
        ReactionLedger ledger = newLedger();
        Leases shared = leases();
        Set<String> dead = ConcurrentHashMap.newKeySet();
        Leases leases = new Leases() { // a dead replica neither renews nor releases: the others wait for expiry
                    @Override
                    public Optional<Lease> acquire(String name, String holder, Duration duration) {
                        return dead.contains(holder) ? Optional.empty() : shared.acquire(name, holder, duration);
                    }

                    @Override
                    public void release(String name, String holder) {
                        if (!dead.contains(holder)) {
                            shared.release(name, holder);
                        }
                    }
                };
        Map<String, ProjectionRunner.Running> replicas = new LinkedHashMap<>();
        String b;
        try {
            for (String replica : List.of("replica-1", "replica-2", "replica-3")) {
                replicas.put(
                        replica,
                        runnerBuilder(ledger)
                                .lease(leases, replica, Duration.ofMillis(900))
                                .build()
                                .start());
            }
            Eventually.await("one replica to count the 2 deposits", () -> marks(a) == 2);
            Eventually.await(
                    "one replica to run and two to stand by",
                    () -> replicas.values().stream()
                                    .filter(r -> r.status().phase() == ProjectionRunner.Phase.STANDBY)
                                    .count()
                            == 2);
            String holder = replicas.entrySet().stream()
                    .filter(r -> r.getValue().status().phase() != ProjectionRunner.Phase.STANDBY)
                    .findFirst()
                    .orElseThrow()
                    .getKey();

            dead.add(holder); // killed mid-stream: more deposits come while nobody holds the lease
            replicas.remove(holder).close();
            purses().handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
            b = purse(3);

            Eventually.await(
                    "a standby replica to take over and count every deposit", () -> marks(a) == 3 && marks(b) == 3);
            assertThat(replicas.values().stream().filter(r -> r.status().phase() != ProjectionRunner.Phase.STANDBY))
                    .hasSize(1);
        } finally {
            replicas.values().forEach(ProjectionRunner.Running::close);
        }
        assertThat(stores.reader().read(TALLY, "tally-of-" + a).orElseThrow().version())
                .as("each deposit marked once")
                .isEqualTo(3);
        assertThat(stores.reader().read(TALLY, "tally-of-" + b).orElseThrow().version())
                .isEqualTo(3);
    }

    private ProjectionRunner runner(ReactionLedger ledger) {
        return runnerBuilder(ledger).build();
    }

    private ProjectionRunner.Builder runnerBuilder(ReactionLedger ledger) {
        Reactor reactor = reactor(ledger);
        return ProjectionRunner.builder(ProjectionSpec.builder(reactor.name(), reactor)
                        .aggregates(PURSE)
                        .store(stores.eventStore())
                        .build())
                .feed(stores.feed())
                .pollInterval(Duration.ofMillis(50));
    }

    @Test
    void a_reactor_cannot_be_reset_since_that_would_send_every_command_again() {
        Reactor reactor = reactor(newLedger());
        assertThatThrownBy(reactor::reset)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot be reset");
    }
}
