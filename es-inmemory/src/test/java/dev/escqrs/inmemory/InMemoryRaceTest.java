package dev.escqrs.inmemory;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.RetriesExhaustedException;
import dev.escqrs.core.event.AggregateEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static dev.escqrs.inmemory.Counter.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads racing on one aggregate under the default retry policy: none gives up, nothing lost, nothing doubled,
 * no gap, the row equals the log.
 */
class InMemoryRaceTest {
    private static final int THREADS = 8;
    private static final int COMMANDS_PER_THREAD = 200;

    @Test
    void eight_threads_of_200_commands_on_one_aggregate_never_give_up_under_the_default_policy() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore(JsonCodec.create(Counter.TYPES));
        // each thread its own handler (its own cache), as separate processes would have
        List<CommandHandler<Counter.Command, Counter.Event, Counter.State>> handlers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            handlers.add(CommandHandler.builder(COUNTER, Counter.DECIDER)
                    .store(store, store).eventTypes(Counter.TYPES)
                    .build());
        }
        handlers.getFirst().handle(CommandRequest.create("c1", "setup", new Counter.Start()));

        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        List<String> gaveUp = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger retried = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < COMMANDS_PER_THREAD; i++) {
                    String token = thread + "-" + i;
                    try {
                        CommandResult<Counter.State, Counter.Event> result = handlers.get(thread)
                                .handle(CommandRequest.update("c1", "t" + thread, new Counter.Add(1 + (i % 5), token)));
                        acknowledged.put(token, 1 + (i % 5));
                        if (result.attempts() > 1) {
                            retried.incrementAndGet();
                        }
                    } catch (RetriesExhaustedException e) {
                        gaveUp.add(token);
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

        List<AggregateEvent<Counter.Event>> events = store.events(COUNTER, "c1").toList();
        assertThat(events).extracting(AggregateEvent::aggregateVersion)
                .as("versions are 1..n with no gap and no repeat")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        Map<String, Long> tokens = events.stream().filter(e -> e.payload() instanceof Counter.Added)
                .map(e -> ((Counter.Added) e.payload()).token())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(tokens.keySet()).as("every acknowledged command's event is stored")
                .containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        assertThat(tokens.values()).as("and stored exactly once").allMatch(count -> count == 1);
        assertThat(gaveUp).as("commands that gave up under RetryPolicy.DEFAULT").isEmpty();
        assertThat(acknowledged).hasSize(THREADS * COMMANDS_PER_THREAD);

        Aggregate<Counter.State> stored = store.read(COUNTER, "c1").orElseThrow();
        Optional<Aggregate<Counter.State>> folded = Reducer.of(COUNTER, Counter.DECIDER).fold(Optional.empty(), events);
        assertThat(stored).as("the aggregate row equals the fold of its events").isEqualTo(folded.orElseThrow());
        assertThat(stored.state().total()).isEqualTo(acknowledged.values().stream().mapToLong(Integer::longValue).sum());
        assertThat(retried.get()).as("the threads really raced (some commands needed a retry)").isPositive();
    }
}
