package dev.escqrs.testkit.contract;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.aggregate.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.feed.PollingSubscription;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import dev.escqrs.testkit.contract.Account.Deposited;
import dev.escqrs.testkit.contract.Account.Event;
import dev.escqrs.testkit.contract.Account.Noted;
import dev.escqrs.testkit.contract.Account.Opened;
import dev.escqrs.testkit.contract.Account.State;
import dev.escqrs.testkit.contract.Account.Unwritable;
import dev.escqrs.testkit.contract.FeedReader.Progress;
import dev.escqrs.testkit.store.Histories;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.escqrs.testkit.contract.Account.ACCOUNT;
import static dev.escqrs.testkit.contract.Account.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The executable contract of the escqrs ports, run against one adapter: subclass it and give a fresh store.
 *
 * <pre>{@code
 * class InMemoryEventStoreContractTest extends EventStoreContract {
 *     protected Stores freshStores(JsonCodec codec) {
 *         return Stores.of(new InMemoryEventStore(codec));
 *     }
 * }
 * }</pre>
 *
 * An adapter is done when it passes. Reads that may lag (the change feed, events by name) are awaited with a
 * generous timeout; nothing here measures speed.
 */
public abstract class EventStoreContract {
    /** A store with nothing in it, through {@code codec}, that no other test sees. */
    protected abstract Stores freshStores(JsonCodec codec);

    protected Stores stores;
    private final EventIds ids = EventIds.seeded(java.time.Clock.systemUTC(), 7);

    @BeforeEach
    void createStore() {
        stores = freshStores(JsonCodec.create(Account.TYPES));
    }

    /** Appends {@code payloads} to {@code id} of {@code type} as one batch after the stored version, and returns it. */
    protected List<AggregateEvent<Event>> append(AggregateType<State, Event> type, String id, Event... payloads) {
        Optional<Aggregate<State>> current = stores.reader().read(type, id);
        return appendAfter(type, id, current, payloads);
    }

    private List<AggregateEvent<Event>> appendAfter(AggregateType<State, Event> type, String id,
                                                    Optional<Aggregate<State>> current, Event... payloads) {
        List<AggregateEvent<Event>> events = envelopes(type, id, current.map(Aggregate::version).orElse(0L), payloads);
        Aggregate<State> next = Account.reducer(type).fold(current, events).orElseThrow();
        stores.eventStore().append(new AppendBatch<>(type, next, events));
        return events;
    }

    private List<AggregateEvent<Event>> envelopes(AggregateType<?, Event> type, String id, long after, Event... payloads) {
        List<AggregateEvent<Event>> events = new ArrayList<>();
        long version = after;
        for (Event payload : payloads) {
            events.add(new AggregateEvent<>(ids.next(), Account.TYPES.byPayloadClass(payload.getClass()).name(),
                    type.name(), id, ++version, "actor-" + version, payload,
                    EventMetadata.NONE.withCorrelationId("corr-" + id)));
        }
        return events;
    }

    /**
     * Writes a long history (the 10,000-event test). By default through {@link dev.escqrs.core.port.AppendEvents} in
     * batches of {@value dev.escqrs.core.port.StoreLimits#MAX_EVENTS}; a subclass may write it faster where the store's append is slow on its
     * test server (moto copies a table on every transaction), as long as what it writes is what appends would have.
     */
    protected void writeLongHistory(AggregateType<State, Event> type, List<AggregateEvent<Event>> events,
                                    Aggregate<State> last) {
        Histories.append(stores.eventStore(), Account.reducer(type), events);
    }

    private List<AggregateEvent<Event>> stored(AggregateType<State, Event> type, String id) {
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(type, id)) {
            return events.toList();
        }
    }

    @Nested
    class Appending {
        @Test
        void stores_a_batch_and_reads_back_the_same_envelopes_and_aggregate() {
            List<AggregateEvent<Event>> written = append(ACCOUNT, "a1", new Opened("ann"), new Deposited(5), new Noted("hi"));

            assertThat(stored(ACCOUNT, "a1")).containsExactlyElementsOf(written);
            Aggregate<State> aggregate = stores.reader().read(ACCOUNT, "a1").orElseThrow();
            assertThat(aggregate.state()).isEqualTo(new State("ann", 5, 1));
            assertThat(aggregate.meta().version()).isEqualTo(3);
            assertThat(aggregate.meta().actorId()).isEqualTo("actor-3");
            assertThat(aggregate.meta().createdAt()).isEqualTo(written.getFirst().occurredAt());
            assertThat(aggregate.meta().updatedAt()).isEqualTo(written.getLast().occurredAt());
        }

        @Test
        void the_stored_aggregate_is_the_fold_of_the_stored_events() {
            append(ACCOUNT, "a1", new Opened("ann"));
            append(ACCOUNT, "a1", new Deposited(3), new Deposited(4));
            append(ACCOUNT, "a1", new Noted("x"));

            Optional<Aggregate<State>> folded = Account.reducer(ACCOUNT).fold(Optional.empty(), stored(ACCOUNT, "a1"));
            assertThat(stores.reader().read(ACCOUNT, "a1")).isEqualTo(folded);
        }

        @Test
        void a_batch_with_an_unwritable_payload_writes_nothing() {
            append(ACCOUNT, "a1", new Opened("ann"));

            assertThatThrownBy(() -> append(ACCOUNT, "a1", new Deposited(1), new Unwritable(new Account.Opaque())))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Account a1 version 3");
            assertThat(stored(ACCOUNT, "a1")).hasSize(1);
            assertThat(stores.reader().read(ACCOUNT, "a1").orElseThrow().version()).isEqualTo(1);
        }

        @Test
        void a_new_aggregate_whose_batch_fails_does_not_exist_afterwards() {
            assertThatThrownBy(() -> append(ACCOUNT, "a1", new Opened("ann"), new Unwritable(new Account.Opaque())))
                    .isInstanceOf(SerializationException.class);
            assertThat(stores.reader().read(ACCOUNT, "a1")).isEmpty();
            assertThat(stored(ACCOUNT, "a1")).isEmpty();
        }

        @Test
        void equal_ids_of_different_aggregate_types_never_mix() {
            append(ACCOUNT, "same", new Opened("account"));
            append(LEDGER, "same", new Opened("ledger"), new Deposited(9));

            assertThat(stored(ACCOUNT, "same")).extracting(AggregateEvent::payload).containsExactly(new Opened("account"));
            assertThat(stored(LEDGER, "same")).hasSize(2);
            assertThat(stores.reader().read(ACCOUNT, "same").orElseThrow().state().owner()).isEqualTo("account");
            assertThat(stores.reader().read(LEDGER, "same").orElseThrow().state().balance()).isEqualTo(9);
        }
    }

    @Nested
    class Conflicts {
        @Test
        void a_batch_for_a_stale_version_is_a_conflict_and_writes_nothing() {
            append(ACCOUNT, "a1", new Opened("ann"));
            Optional<Aggregate<State>> stale = stores.reader().read(ACCOUNT, "a1");
            append(ACCOUNT, "a1", new Deposited(1));

            assertThatThrownBy(() -> appendAfter(ACCOUNT, "a1", stale, new Deposited(100), new Deposited(200)))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConflictException.Kind.CONCURRENT_APPEND);
                        assertThat(e.expectedVersion()).isEqualTo(1);
                        assertThat(e.actualVersion()).contains(2L);
                        assertThat(e).hasMessageContaining("Account a1");
                    });
            assertThat(stored(ACCOUNT, "a1")).extracting(AggregateEvent::aggregateVersion).containsExactly(1L, 2L);
            assertThat(stores.reader().read(ACCOUNT, "a1").orElseThrow().state().balance()).isEqualTo(1);
        }

        @Test
        void creating_an_aggregate_that_exists_is_a_conflict() {
            append(ACCOUNT, "a1", new Opened("ann"));

            assertThatThrownBy(() -> appendAfter(ACCOUNT, "a1", Optional.empty(), new Opened("bob")))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.expectedVersion()).isZero();
                        assertThat(e.actualVersion()).contains(1L);
                    });
            assertThat(stores.reader().read(ACCOUNT, "a1").orElseThrow().state().owner()).isEqualTo("ann");
        }

        @Test
        void a_batch_that_skips_ahead_of_the_stored_version_is_a_conflict() {
            append(ACCOUNT, "a1", new Opened("ann"));
            Aggregate<State> ahead = new Aggregate<>(new dev.escqrs.core.aggregate.AggregateMeta("a1", 5, "x",
                    Instant.EPOCH, Instant.EPOCH), new State("ann", 0, 0));
            List<AggregateEvent<Event>> events = envelopes(ACCOUNT, "a1", 5, new Deposited(1));
            Aggregate<State> next = Account.reducer(ACCOUNT).fold(Optional.of(ahead), events).orElseThrow();

            assertThatThrownBy(() -> stores.eventStore().append(new AppendBatch<>(ACCOUNT, next, events)))
                    .isInstanceOf(ConflictException.class);
            assertThat(stored(ACCOUNT, "a1")).hasSize(1);
        }
    }

    @Nested
    class Reading {
        @Test
        void events_come_back_in_version_order() {
            append(ACCOUNT, "a1", new Opened("ann"));
            for (int i = 0; i < 12; i++) {
                append(ACCOUNT, "a1", new Deposited(i), new Noted("n" + i));
            }
            assertThat(stored(ACCOUNT, "a1")).extracting(AggregateEvent::aggregateVersion).isSorted()
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        }

        @Test
        void reads_from_a_version() {
            append(ACCOUNT, "a1", new Opened("ann"), new Deposited(1), new Deposited(2), new Deposited(3), new Deposited(4));

            try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, "a1", 4)) {
                assertThat(events).extracting(AggregateEvent::payload).containsExactly(new Deposited(3), new Deposited(4));
            }
            try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, "a1", 6)) {
                assertThat(events).isEmpty();
            }
            assertThatThrownBy(() -> stores.eventStore().events(ACCOUNT, "a1", 0))
                    .isInstanceOf(EscqrsException.class).hasMessageContaining("fromVersion");
        }

        @Test
        void an_unknown_aggregate_has_no_events_and_no_state() {
            assertThat(stored(ACCOUNT, "nobody")).isEmpty();
            assertThat(stores.reader().read(ACCOUNT, "nobody")).isEmpty();
        }

        @Test
        void streams_a_10000_event_history_in_order_without_holding_it() {
            int total = 10_000;
            List<AggregateEvent<Event>> history = new ArrayList<>();
            history.addAll(envelopes(ACCOUNT, "long", 0, new Opened("ann")));
            Event[] deposits = new Event[total - 1];
            for (int i = 0; i < deposits.length; i++) {
                deposits[i] = new Deposited(i + 1);
            }
            history.addAll(envelopes(ACCOUNT, "long", 1, deposits));
            writeLongHistory(ACCOUNT, history, Account.reducer(ACCOUNT).fold(Optional.empty(), history).orElseThrow());

            long expected = 1;
            try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, "long")) {
                Iterator<AggregateEvent<Event>> it = events.iterator();
                while (it.hasNext()) {
                    AggregateEvent<Event> event = it.next();
                    assertThat(event.aggregateVersion()).as("version of event %d", expected).isEqualTo(expected);
                    expected++;
                }
            }
            assertThat(expected - 1).isEqualTo(total);
            try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, "long", 9_998)) {
                assertThat(events.limit(2)).extracting(AggregateEvent::aggregateVersion).containsExactly(9_998L, 9_999L);
            }
            assertThat(stores.reader().read(ACCOUNT, "long").orElseThrow().version()).isEqualTo(total);
        }

        @Test
        void finds_events_by_name_across_aggregates_in_event_id_order() {
            append(ACCOUNT, "a1", new Opened("ann"), new Deposited(1));
            append(ACCOUNT, "a2", new Opened("bob"), new Deposited(2));
            append(LEDGER, "l1", new Opened("led"), new Noted("n"), new Deposited(3));

            Eventually.await("three Deposited events by name", () -> byName("Deposited").size() == 3);
            List<AggregateEvent<Object>> deposits = byName("Deposited");
            assertThat(deposits).extracting(AggregateEvent::payload)
                    .containsExactly(new Deposited(1), new Deposited(2), new Deposited(3));
            assertThat(deposits).extracting(AggregateEvent::eventId).isSorted();
            assertThat(byName("Noted")).extracting(AggregateEvent::aggregateName).containsExactly("Ledger");
            assertThat(byName("NeverWritten")).isEmpty();
        }

        private List<AggregateEvent<Object>> byName(String name) {
            try (Stream<AggregateEvent<Object>> events = stores.eventStore().eventsByName(name)) {
                return events.toList();
            }
        }
    }

    @Nested
    class ChangeFeed {
        @Test
        void delivers_every_event_at_least_once_in_per_aggregate_order() {
            List<AggregateEvent<Event>> written = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String id : List.of("a1", "a2", "a3")) {
                    written.addAll(round == 0 ? append(ACCOUNT, id, new Opened(id)) : append(ACCOUNT, id, new Deposited(round), new Noted("r" + round)));
                }
            }

            List<AggregateEvent<Object>> delivered = readFeedUntil(Checkpoint.START, ids(written)).events();
            assertThat(ids(delivered)).containsAll(ids(written));
            FeedReader.assertPerAggregateOrder(delivered, Map.of());
        }

        @Test
        void resumes_after_a_checkpoint_without_missing_anything() {
            List<AggregateEvent<Event>> first = append(ACCOUNT, "a1", new Opened("ann"), new Deposited(1));
            Progress progress = readFeedUntil(Checkpoint.START, ids(first));

            List<AggregateEvent<Event>> second = new ArrayList<>(append(ACCOUNT, "a1", new Deposited(2)));
            second.addAll(append(ACCOUNT, "a2", new Opened("bob")));
            Progress resumed = readFeedUntil(progress.checkpoint(), ids(second));

            assertThat(ids(resumed.events())).containsAll(ids(second));
            assertThat(ids(resumed.events())).as("a feed resumed after a checkpoint does not start over")
                    .doesNotContainAnyElementsOf(ids(first));
            FeedReader.assertPerAggregateOrder(resumed.events(), progress.lastVersions());
        }

        @Test
        void a_subscription_hands_every_event_to_its_handler_and_retries_a_failed_batch() throws Exception {
            List<AggregateEvent<Event>> written = new ArrayList<>(append(ACCOUNT, "a1", new Opened("ann")));
            Set<String> seen = ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
            try (PollingSubscription subscription = PollingSubscription.start(stores.feed(), Checkpoint.START, batch -> {
                if (failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("the handler fails once, on purpose");
                }
                batch.events().forEach(e -> seen.add(e.eventId()));
            }, Duration.ofMillis(20))) {
                written.addAll(append(ACCOUNT, "a1", new Deposited(1), new Deposited(2)));
                written.addAll(append(ACCOUNT, "a2", new Opened("bob")));
                Eventually.await("the subscription to deliver all events", Eventually.DEFAULT_TIMEOUT,
                        () -> seen.containsAll(ids(written)), () -> "(seen " + seen.size() + " of " + written.size() + ")");
                assertThat(failedOnce).isTrue();
                assertThat(subscription.checkpoint().isStart()).isFalse();
            }
        }
    }

    @Nested
    class BadInput {
        @Test
        void a_payload_over_400_kb_is_refused_and_nothing_is_written() {
            append(ACCOUNT, "a1", new Opened("ann"));
            assertThatThrownBy(() -> append(ACCOUNT, "a1", new Deposited(1), new Noted("x".repeat(410_000))))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("Account a1")
                    .hasMessageContaining("400 KB")
                    .hasMessageContaining("Nothing was written");
            assertNothingAfterVersion1();
        }

        @Test
        void a_command_over_4_mb_is_refused_and_nothing_is_written() {
            append(ACCOUNT, "a1", new Opened("ann"));
            Event[] big = new Event[12];
            java.util.Arrays.fill(big, new Noted("y".repeat(380_000)));
            assertThatThrownBy(() -> append(ACCOUNT, "a1", big))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("4 MB");
            assertNothingAfterVersion1();
        }

        @Test
        void more_than_99_events_are_refused_and_nothing_is_written() {
            append(ACCOUNT, "a1", new Opened("ann"));
            Event[] many = new Event[100];
            java.util.Arrays.fill(many, new Deposited(1));
            assertThatThrownBy(() -> append(ACCOUNT, "a1", many))
                    .isInstanceOf(dev.escqrs.core.error.InvalidInputException.class)
                    .hasMessageContaining("100 events in one command; at most 99");
            assertNothingAfterVersion1();
        }

        @Test
        void an_event_whose_payload_is_not_registered_is_refused_and_nothing_is_written() {
            append(ACCOUNT, "a1", new Opened("ann"));
            record Stray(int x) {
            }
            var stray = new AggregateEvent<Object>(ids.next(), "Stray", "Account", "a1", 2, "x", new Stray(1), EventMetadata.NONE);
            var type = AggregateType.of("Account", State.class, Object.class, dev.escqrs.core.event.EventTypes.builder().build());
            var aggregate = new Aggregate<>(new dev.escqrs.core.aggregate.AggregateMeta("a1", 2, "x", Instant.now(),
                    Instant.now()), new State("ann", 0, 0));
            assertThatThrownBy(() -> stores.eventStore().append(new AppendBatch<>(type, aggregate, List.of(stray))))
                    .isInstanceOf(dev.escqrs.core.error.UnknownEventTypeException.class)
                    .hasMessageContaining("is not registered as an event type");
            assertNothingAfterVersion1();
        }

        @Test
        void a_non_finite_number_is_refused_and_nothing_is_written() {
            append(ACCOUNT, "a1", new Opened("ann"));
            Sample.Value nan = new Sample.Value("", 0, 0, Double.NaN, java.math.BigDecimal.ONE, false, List.of(),
                    Map.of(), Optional.empty(), Instant.EPOCH, List.of());
            assertThatThrownBy(() -> append(ACCOUNT, "a1", new Sample.Sampled(nan)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("non-finite number at /value/ratio");
            assertNothingAfterVersion1();
        }

        @Test
        void an_empty_field_name_is_refused_and_nothing_is_written() {
            append(ACCOUNT, "a1", new Opened("ann"));
            Sample.Value emptyKey = new Sample.Value("", 0, 0, 0, java.math.BigDecimal.ONE, false, List.of(),
                    Map.of("", 1), Optional.empty(), Instant.EPOCH, List.of());
            assertThatThrownBy(() -> append(ACCOUNT, "a1", new Sample.Sampled(emptyKey)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("empty name at /value/scores");
            assertNothingAfterVersion1();
        }

        private void assertNothingAfterVersion1() {
            assertThat(stored(ACCOUNT, "a1")).hasSize(1);
            assertThat(stores.reader().read(ACCOUNT, "a1").orElseThrow().version()).isEqualTo(1);
        }
    }

    @Nested
    class RandomizedRoundTrip {
        @Test
        void random_histories_of_random_payloads_read_back_equal_and_fold_to_the_stored_aggregate() {
            // a fixed seed keeps CI repeatable; -Descqrs.seed=N explores others (the failure message names the seed)
            long seed = Long.getLong("escqrs.seed", 20261126L);
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            for (int aggregate = 0; aggregate < 25; aggregate++) {
                String id = "s" + aggregate;
                List<AggregateEvent<Event>> written = new ArrayList<>();
                Optional<Aggregate<Sample.State>> current = Optional.empty();
                for (int batch = random.nextInt(1, 5); batch > 0; batch--) {
                    Event[] payloads = new Event[random.nextInt(1, 6)];
                    for (int i = 0; i < payloads.length; i++) {
                        payloads[i] = new Sample.Sampled(Sample.random(random));
                    }
                    List<AggregateEvent<Event>> events = envelopes(Sample.SAMPLE, id,
                            current.map(Aggregate::version).orElse(0L), payloads);
                    current = Sample.reducer().fold(current, events);
                    stores.eventStore().append(new AppendBatch<>(Sample.SAMPLE, current.orElseThrow(), events));
                    written.addAll(events);
                }
                List<AggregateEvent<Event>> read;
                try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(Sample.SAMPLE, id)) {
                    read = events.toList();
                }
                assertThat(read).as("seed %d (rerun with -Descqrs.seed=%d): events of %s read back equal", seed, seed, id)
                        .containsExactlyElementsOf(written);
                assertThat(stores.reader().read(Sample.SAMPLE, id))
                        .as("seed %d: the stored %s is the fold of its events", seed, id)
                        .isEqualTo(Sample.reducer().fold(Optional.empty(), read))
                        .isEqualTo(current);
            }
        }
    }

    /** Reads the feed from {@code from} until all {@code wanted} ids were delivered, 50 at a time (several reads). */
    private Progress readFeedUntil(Checkpoint from, Set<String> wanted) {
        return FeedReader.readUntil(stores.feed(), from, wanted, 50);
    }

    private static Set<String> ids(List<? extends AggregateEvent<?>> events) {
        return events.stream().map(AggregateEvent::eventId).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
