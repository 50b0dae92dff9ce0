package dev.escqrs.core.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where runners keep the aggregates they parked ({@link BadRecords#PARK}) and the events operators skipped: durable
 * where the read model's position is durable ({@code DynamoDbParking} for a {@link DurableProjection} or a reactor),
 * in memory for a read model that lives in memory and is rebuilt at every start ({@link #inMemory()}).
 *
 * <p>The runner writes the entries ({@link #save}, {@link #remove}); an operator (the console, the CLI) only adds a
 * request to one ({@link #request}), which the runner carries out at its next poll and then clears. {@link #save}
 * never overwrites a request, so a runner that updates an entry while an operator asks for something loses nothing.
 * Entries are keyed by (runner, aggregate type, aggregate id): one entry per parked aggregate.
 */
public interface Parking {
    /** The aggregates {@code runner} has parked, oldest failure first. */
    List<ParkedAggregate> parked(String runner);

    /** Every parked aggregate of every runner that keeps them here, by runner and then oldest failure first. */
    List<ParkedAggregate> parked();

    /** The entry of one aggregate, read consistently; empty when it is not parked. */
    Optional<ParkedAggregate> find(String runner, String aggregateName, String aggregateId);

    /** Writes an entry, all but its request, which stays as it is (or absent, for a new entry). */
    void save(ParkedAggregate entry);

    /** Forgets an entry (its events were applied). */
    void remove(String runner, String aggregateName, String aggregateId);

    /**
     * Asks the runner to act on a parked aggregate, replacing an earlier request; false when the aggregate is not
     * parked (any more).
     */
    boolean request(String runner, String aggregateName, String aggregateId, ParkedAggregate.OperatorRequest request);

    /** Clears {@code handled} from the entry, unless an operator asked for something else since. */
    void clearRequest(String runner, String aggregateName, String aggregateId, ParkedAggregate.OperatorRequest handled);

    /** Records that an operator skipped an event. */
    void recordSkip(SkippedEvent skipped);

    /** The events skipped for {@code runner} and still remembered. */
    List<SkippedEvent> skipped(String runner);

    /** Forgets a skip once the runner has applied a later event of the aggregate (the skip can no longer matter). */
    void forgetSkip(SkippedEvent skipped);

    /** What a runner reads when it starts or looks again: its parked aggregates and the skips it must honour. */
    record State(List<ParkedAggregate> parked, List<SkippedEvent> skipped) {
        public State {
            parked = List.copyOf(parked);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * {@link #parked(String)} and {@link #skipped(String)} of {@code runner} together; a store that keeps both in one
     * place reads them in one request (DynamoDB: one {@code Scan}, not two), which is what a runner does at every look.
     */
    default State state(String runner) {
        return new State(parked(runner), skipped(runner));
    }

    /** Parking in this process's memory: for read models that live in memory, and tests. */
    static Parking inMemory() {
        return new InMemory();
    }

    /** {@link Parking#inMemory()}. */
    final class InMemory implements Parking {
        private final Map<String, ParkedAggregate> entries = new ConcurrentHashMap<>();
        private final Map<String, SkippedEvent> skips = new ConcurrentHashMap<>();

        private InMemory() {}

        private static String key(String runner, String aggregateName, String aggregateId) {
            return runner + "\u0000" + aggregateName + "\u0000" + aggregateId;
        }

        @Override
        public List<ParkedAggregate> parked(String runner) {
            return entries.values().stream()
                    .filter(e -> e.runner().equals(runner))
                    .sorted(Comparator.comparing(ParkedAggregate::firstFailure))
                    .toList();
        }

        @Override
        public List<ParkedAggregate> parked() {
            return entries.values().stream()
                    .sorted(Comparator.comparing(ParkedAggregate::runner).thenComparing(ParkedAggregate::firstFailure))
                    .toList();
        }

        @Override
        public Optional<ParkedAggregate> find(String runner, String aggregateName, String aggregateId) {
            return Optional.ofNullable(entries.get(key(runner, aggregateName, aggregateId)));
        }

        @Override
        public void save(ParkedAggregate entry) {
            entries.compute(key(entry.runner(), entry.aggregateName(), entry.aggregateId()), (k, old) -> {
                Optional<ParkedAggregate.OperatorRequest> request = old == null ? Optional.empty() : old.request();
                return new ParkedAggregate(
                        entry.runner(),
                        entry.aggregateName(),
                        entry.aggregateId(),
                        entry.head(),
                        entry.lastSeenVersion(),
                        entry.error(),
                        entry.attempts(),
                        entry.firstFailure(),
                        entry.lastFailure(),
                        entry.nextAttempt(),
                        request);
            });
        }

        @Override
        public void remove(String runner, String aggregateName, String aggregateId) {
            entries.remove(key(runner, aggregateName, aggregateId));
        }

        @Override
        public boolean request(
                String runner, String aggregateName, String aggregateId, ParkedAggregate.OperatorRequest request) {
            Objects.requireNonNull(request, "request");
            return entries.computeIfPresent(
                            key(runner, aggregateName, aggregateId), (k, old) -> old.requesting(request))
                    != null;
        }

        @Override
        public void clearRequest(
                String runner, String aggregateName, String aggregateId, ParkedAggregate.OperatorRequest handled) {
            entries.computeIfPresent(
                    key(runner, aggregateName, aggregateId),
                    (k, old) -> old.request().equals(Optional.of(handled))
                            ? new ParkedAggregate(
                                    old.runner(),
                                    old.aggregateName(),
                                    old.aggregateId(),
                                    old.head(),
                                    old.lastSeenVersion(),
                                    old.error(),
                                    old.attempts(),
                                    old.firstFailure(),
                                    old.lastFailure(),
                                    old.nextAttempt(),
                                    Optional.empty())
                            : old);
        }

        @Override
        public void recordSkip(SkippedEvent skipped) {
            skips.put(
                    key(skipped.runner(), skipped.aggregateName(), skipped.aggregateId()) + "\u0000"
                            + skipped.version(),
                    skipped);
        }

        @Override
        public List<SkippedEvent> skipped(String runner) {
            List<SkippedEvent> found = new ArrayList<>();
            skips.values().stream().filter(s -> s.runner().equals(runner)).forEach(found::add);
            found.sort(Comparator.comparing(SkippedEvent::at));
            return found;
        }

        @Override
        public void forgetSkip(SkippedEvent skipped) {
            skips.remove(key(skipped.runner(), skipped.aggregateName(), skipped.aggregateId()) + "\u0000"
                    + skipped.version());
        }
    }
}
