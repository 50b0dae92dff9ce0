package dev.escqrs.inmemory;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backfill of 5,000 events over 500 aggregates while writers keep appending, with the runner killed and restarted
 * mid-backfill and again mid-tail; afterwards every aggregate is checked event by event against the store.
 */
class InMemoryProjectionLoadTest {
    private final InMemoryEventStore store = new InMemoryEventStore(JsonCodec.create(Account.TYPES));
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();

    private CommandHandler<Command, Account.Event, Account.State> accounts() {
        return CommandHandler.builder(ACCOUNT, DECIDER).store(store, store).build();
    }

    sealed interface Command permits Open, Deposit {}

    record Open(String owner) implements Command {}

    record Deposit(long amount) implements Command {}

    private static final dev.escqrs.core.decider.Decider<Command, Account.Event, Account.State> DECIDER =
            new dev.escqrs.core.decider.Decider<>() {
                public Account.State initialState() {
                    return new Account.State("", 0, 0);
                }

                public List<Account.Event> decide(Command command, Account.State state) {
                    return switch (command) {
                        case Open o -> List.of(new Account.Opened(o.owner()));
                        case Deposit d -> List.of(new Account.Deposited(d.amount()));
                    };
                }

                public Account.State evolve(Account.State state, Account.Event event) {
                    return Account.evolve(state, event);
                }
            };

    private ProjectionRunner runner(RecordingProjection projection) {
        // durable: its checkpoint outlives each runner, as a read model in a database would
        return ProjectionRunner.builder(ProjectionSpec.builder("load", projection.durable(checkpoints))
                        .aggregates(ACCOUNT)
                        .store(store)
                        .build())
                .feed(store)
                .segments(8)
                .pollInterval(Duration.ofMillis(20))
                .build();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void nothing_is_lost_and_every_aggregate_is_in_order_across_kills_during_backfill_and_tail() throws Exception {
        var handler = accounts();
        for (int a = 0; a < 500; a++) {
            String id = "acc-" + a;
            handler.handle(CommandRequest.createWithId(id, "setup", new Open("owner-" + a)));
            for (int d = 1; d < 10; d++) {
                handler.handle(CommandRequest.update(id, "setup", new Deposit(d)));
            }
        }
        assertThat(store.head().value()).isEqualTo("5000");

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                var own = accounts();
                int i = 0;
                while (writing.get()) {
                    own.handle(CommandRequest.update(
                            "acc-" + ((writer * 167 + i++ * 7) % 500), "w" + writer, new Deposit(1)));
                    written.incrementAndGet();
                    if (i % 50 == 0) {
                        Thread.sleep(1);
                    }
                }
                return null;
            }));
        }

        AtomicInteger applied = new AtomicInteger();
        RecordingProjection projection = new RecordingProjection().onApply(e -> {
            if (applied.incrementAndGet() % 10 == 0) {
                sleepQuietly(); // slow enough that the first runner is surely stopped half way
            }
        });
        try (ProjectionRunner.Running first = runner(projection).start()) {
            Eventually.await("the first runner to be mid-backfill", () -> projection.total() > 1_500);
            assertThat(first.phase()).isEqualTo(ProjectionRunner.Phase.BACKFILLING);
        }
        projection.onApply(e -> {});
        assertThat(checkpoints.load("load"))
                .as("killed mid-backfill: no checkpoint saved")
                .isEmpty();

        ProjectionRunner second = runner(projection);
        try (ProjectionRunner.Running run = second.start()) {
            assertThat(run.awaitTailing(Eventually.DEFAULT_TIMEOUT)).isTrue();
            int mark = written.get();
            Eventually.await("writers to add events the tail must deliver", () -> written.get() > mark + 300);
        }
        assertThat(checkpoints.load("load"))
                .as("killed mid-tail: a checkpoint is saved")
                .isPresent();

        try (ProjectionRunner.Running third = runner(projection).start()) {
            assertThat(third.awaitTailing(Eventually.DEFAULT_TIMEOUT)).isTrue();
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            Eventually.await(
                    "the projection to hold every stored event",
                    () -> projection.total() == Integer.parseInt(store.head().value()));
        }

        assertThat(projection.breaches())
                .as("every event was its aggregate's next version")
                .isEmpty();
        assertThat(written.get()).as("the writers really wrote during the runs").isGreaterThan(300);
        for (int a = 0; a < 500; a++) {
            String id = "acc-" + a;
            List<String> stored;
            try (Stream<AggregateEvent<Account.Event>> events = store.events(ACCOUNT, id)) {
                stored = events.map(AggregateEvent::eventId).toList();
            }
            assertThat(projection.events(ACCOUNT.name(), id))
                    .extracting(AggregateEvent::eventId)
                    .as("%s event by event", id)
                    .containsExactlyElementsOf(stored);
        }
    }
}
