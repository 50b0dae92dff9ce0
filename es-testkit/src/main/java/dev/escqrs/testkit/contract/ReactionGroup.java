package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static dev.escqrs.testkit.internal.Tally.TALLY;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Leases;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.internal.Tally;
import dev.escqrs.testkit.store.Stores;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link ReactionContract}'s {@code @Nested} groups share: the store of the test that runs them, the reaction
 * under test (each deposit into a purse marks its tally), purses written through a command handler, and reactors and
 * runners that report what they delivered.
 */
abstract class ReactionGroup {
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

    private final ReactionContract contract;
    Stores stores;
    final EventIds ids = EventIds.seeded(java.time.Clock.systemUTC(), 31);
    final List<ReactionObserver.Delivery> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<ReactionObserver.Delivery, Throwable> errors = new ConcurrentHashMap<>();

    ReactionGroup(ReactionContract contract) {
        this.contract = contract;
    }

    @BeforeEach
    void useTheContractsStore() {
        stores = contract.stores;
    }

    ReactionLedger newLedger() {
        return contract.newLedger();
    }

    Leases leases() {
        return contract.leases();
    }

    CommandHandler<Purse.Command, Purse.Event, Purse.Balance> purses() {
        return CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .build();
    }

    CommandHandler<Tally.Command, Tally.Event, Tally.State> tallies() {
        return CommandHandler.builder(TALLY, Tally.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
    }

    Reactor reactor(ReactionLedger ledger) {
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
    String purse(int deposits) {
        var purses = purses();
        String id = purses.handle(CommandRequest.create("ann", (Purse.Command) new Purse.Open("ann")))
                .aggregate()
                .id();
        for (int i = 0; i < deposits; i++) {
            purses.handle(CommandRequest.update(id, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
        }
        return id;
    }

    List<AggregateEvent<?>> events(String... purseIds) {
        List<AggregateEvent<?>> all = new ArrayList<>();
        for (String id : purseIds) {
            try (Stream<AggregateEvent<Purse.Event>> events =
                    stores.eventStore().events(PURSE, id)) {
                events.forEach(all::add);
            }
        }
        return all;
    }

    long marks(String purseId) {
        return stores.reader()
                .read(TALLY, "tally-of-" + purseId)
                .map(a -> a.state().marks())
                .orElse(0L);
    }

    ProjectionRunner runner(ReactionLedger ledger) {
        return runnerBuilder(ledger).build();
    }

    ProjectionRunner.Builder runnerBuilder(ReactionLedger ledger) {
        Reactor reactor = reactor(ledger);
        return ProjectionRunner.builder(ProjectionSpec.builder(reactor.name(), reactor)
                        .aggregates(PURSE)
                        .store(stores.eventStore())
                        .build())
                .feed(stores.feed())
                .pollInterval(Duration.ofMillis(50));
    }
}
