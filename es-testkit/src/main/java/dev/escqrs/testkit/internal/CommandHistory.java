package dev.escqrs.testkit.internal;

import static dev.escqrs.testkit.internal.Purse.PURSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.testkit.internal.Purse.Balance;
import dev.escqrs.testkit.internal.Purse.Command;
import dev.escqrs.testkit.internal.Purse.Event;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A history of commands against a real store and a model of what must follow from it, for stateful property tests
 * (jqwik action chains in each adapter's tests): commands are sent through a real {@link CommandHandler}, faults are
 * armed by the adapter's test ({@code faults}), and {@link #check()} verifies after every step that every acknowledged
 * write is in the log exactly once, that an unacknowledged one is there only as a documented ambiguous outcome (a
 * command that failed after its request may have left), that versions are contiguous, that each row is the fold of its
 * events, and that a projection of the log holds the same. Not part of the testkit's API.
 */
public final class CommandHistory {
    /** What the history counts, for the figures in docs/reliability.md. */
    public record Figures(long histories, long operations, long faults, long ambiguous, long anomalies) {}

    private static final Figures TOTALS_START = new Figures(0, 0, 0, 0, 0);
    private static volatile Figures totals = TOTALS_START;

    private final EventStore store;
    private final AggregateReader reader;
    private final Consumer<String> faults;
    private CommandHandler<Command, Event, Balance> handler;
    private final HistoryModel model = new HistoryModel();
    /** The events of each acknowledged keyed command, by aggregate id and key. */
    private final Map<String, List<String>> keyedOutcomes = new LinkedHashMap<>();

    private final List<String> steps = new ArrayList<>();
    private long operations;
    private long faultsArmed;

    public CommandHistory(EventStore store, AggregateReader reader, Consumer<String> faults) {
        this.store = store;
        this.reader = reader;
        this.faults = faults;
        this.handler = newHandler();
        add(new Figures(1, 0, 0, 0, 0));
    }

    private static synchronized void add(Figures f) {
        Figures t = totals;
        totals = new Figures(
                t.histories() + f.histories(),
                t.operations() + f.operations(),
                t.faults() + f.faults(),
                t.ambiguous() + f.ambiguous(),
                t.anomalies() + f.anomalies());
    }

    /** What every history of this JVM added up to. */
    public static Figures totals() {
        return totals;
    }

    private CommandHandler<Command, Event, Balance> newHandler() {
        return CommandHandler.builder(PURSE, Purse.DECIDER)
                .store(store, reader)
                .retryPolicy(new RetryPolicy(8, Duration.ofMillis(1), Duration.ofMillis(5)))
                .build();
    }

    /** The ids a history uses; few, so that commands meet on the same aggregates. */
    public static final List<String> IDS = List.of("p1", "p2", "p3");

    public boolean exists(String id) {
        return model.exists(id);
    }

    public void create(String id) {
        run("create " + id, () -> handler.handle(CommandRequest.createWithId(id, "ann", new Purse.Open("ann"))), id);
    }

    /** A deposit; with {@code expectedVersion}, only if the aggregate is still at the version the model knows. */
    public void deposit(String id, int amount, boolean expectedVersion) {
        Optional<Long> known = expectedVersion ? model.knownVersion(id) : Optional.empty();
        if (known.isPresent()) {
            long expected = known.get();
            run(
                    "deposit %d to %s at version %d".formatted(amount, id, expected),
                    () -> handler.update(id, "ann", new Purse.Deposit(BigDecimal.valueOf(amount)), expected),
                    id);
        } else {
            run(
                    "deposit %d to %s".formatted(amount, id),
                    () -> handler.handle(
                            CommandRequest.update(id, "ann", new Purse.Deposit(BigDecimal.valueOf(amount)))),
                    id);
        }
    }

    /**
     * A deposit of {@code key} sent with the idempotency key {@code "key-" + key} (the key decides the amount, so a
     * repeat is the same command): the first acknowledged outcome is the only one, and every acknowledged repeat must
     * be answered with it ({@code replayed}, the same events), never applied twice.
     */
    public void keyedDeposit(String id, int key) {
        String idempotencyKey = "key-" + key;
        CommandRequest<Command> request = CommandRequest.update(
                        id, "ann", (Command) new Purse.Deposit(BigDecimal.valueOf(key)))
                .withIdempotencyKey(idempotencyKey);
        run(
                "deposit %d to %s with key %s".formatted(key, id, idempotencyKey),
                () -> {
                    CommandResult<Event, Balance> result = handler.handle(request);
                    List<String> eventIds = result.events().stream()
                            .map(AggregateEvent::eventId)
                            .toList();
                    synchronized (this) {
                        List<String> first = keyedOutcomes.putIfAbsent(id + "/" + idempotencyKey, eventIds);
                        if (first != null) {
                            assertThat(result.replayed())
                                    .as("a repeat of %s on %s is replayed", idempotencyKey, id)
                                    .isTrue();
                            assertThat(eventIds)
                                    .as("a repeat of %s on %s answers with the first outcome", idempotencyKey, id)
                                    .isEqualTo(first);
                        }
                    }
                    return result;
                },
                id);
    }

    /** Two writers at once on one aggregate, with no expected version: both must land (the loser retries). */
    public void concurrentDeposits(String id) {
        steps.add("two concurrent deposits to " + id);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> deposit(id, 1, false));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> deposit(id, 2, false));
        try {
            a.get();
            b.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** The next request to the store meets {@code fault} (the adapter's test decides what that means). */
    public void fault(String fault) {
        steps.add("fault: " + fault);
        faultsArmed++;
        add(new Figures(0, 0, 1, 0, 0));
        faults.accept(fault);
    }

    /** A process restart: a new command handler, its cache of aggregates gone. */
    public void restart() {
        steps.add("restart");
        handler = newHandler();
    }

    private void run(String what, java.util.function.Supplier<CommandResult<Event, Balance>> command, String id) {
        operations++;
        add(new Figures(0, 1, 0, 0, 0));
        try {
            CommandResult<Event, Balance> result = command.get();
            synchronized (this) {
                steps.add(
                        what + ": acknowledged at version " + result.aggregate().version());
                model.acknowledged(id, result.aggregate().version(), result.events());
            }
        } catch (DomainException | ConflictException | dev.escqrs.core.error.NotFoundException refused) {
            synchronized (this) {
                steps.add(what + ": refused (" + refused.getClass().getSimpleName() + ")");
            }
        } catch (RuntimeException failed) {
            // the request may have left: the write may or may not be there (a documented ambiguous outcome)
            synchronized (this) {
                steps.add(what + ": failed, outcome unknown ("
                        + failed.getClass().getSimpleName() + ": " + failed.getMessage() + ")");
                model.ambiguous(id);
                add(new Figures(0, 0, 0, 1, 0));
            }
        }
    }

    /** The invariants, checked against what the store holds now. */
    public void check() {
        try {
            model.check(store, reader, IDS);
        } catch (AssertionError e) {
            add(new Figures(0, 0, 0, 0, 1));
            throw new AssertionError(e.getMessage() + "\nhistory:\n  " + String.join("\n  ", steps), e);
        }
    }

    @Override
    public String toString() {
        return "history of %d steps (%d commands, %d faults)".formatted(steps.size(), operations, faultsArmed);
    }
}
