package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static dev.escqrs.testkit.internal.Account.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Account.Deposited;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.Noted;
import dev.escqrs.testkit.internal.Account.Opened;
import dev.escqrs.testkit.internal.Account.State;
import dev.escqrs.testkit.internal.Account.Unwritable;
import dev.escqrs.testkit.store.StoreFixture;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The append contract: a batch is stored whole or not at all, after the version it names, within DynamoDB's limits
 * on every store; the row read back is the fold of the events.
 *
 * <p>Runs on a fixture that declares {@code APPEND}; see {@link StoreContract} for how an adapter runs it.
 */
public abstract class AppendContract extends StoreContract {
    protected AppendContract() {}

    @Override
    final StoreFixture.Capability capability() {
        return StoreFixture.Capability.APPEND;
    }

    @Nested
    class Appending {
        @Test
        void stores_a_batch_and_reads_back_the_same_envelopes_and_aggregate() {
            List<AggregateEvent<Event>> written =
                    append(ACCOUNT, "a1", new Opened("ann"), new Deposited(5), new Noted("hi"));

            assertThat(stored(ACCOUNT, "a1")).containsExactlyElementsOf(written);
            Aggregate<State> aggregate = stores.reader().read(ACCOUNT, "a1").orElseThrow();
            assertThat(aggregate.state()).isEqualTo(new State("ann", 5, 1));
            assertThat(aggregate.meta().version()).isEqualTo(3);
            assertThat(aggregate.meta().actorId()).isEqualTo("actor-3");
            assertThat(aggregate.meta().createdAt())
                    .isEqualTo(written.getFirst().occurredAt());
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
            assertThat(stores.reader().read(ACCOUNT, "a1").orElseThrow().version())
                    .isEqualTo(1);
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

            assertThat(stored(ACCOUNT, "same"))
                    .extracting(AggregateEvent::payload)
                    .containsExactly(new Opened("account"));
            assertThat(stored(LEDGER, "same")).hasSize(2);
            assertThat(stores.reader()
                            .read(ACCOUNT, "same")
                            .orElseThrow()
                            .state()
                            .owner())
                    .isEqualTo("account");
            assertThat(stores.reader()
                            .read(LEDGER, "same")
                            .orElseThrow()
                            .state()
                            .balance())
                    .isEqualTo(9);
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
            assertThat(stored(ACCOUNT, "a1"))
                    .extracting(AggregateEvent::aggregateVersion)
                    .containsExactly(1L, 2L);
            assertThat(stores.reader().read(ACCOUNT, "a1").orElseThrow().state().balance())
                    .isEqualTo(1);
        }

        @Test
        void creating_an_aggregate_that_exists_is_a_conflict() {
            append(ACCOUNT, "a1", new Opened("ann"));

            assertThatThrownBy(() -> appendAfter(ACCOUNT, "a1", Optional.empty(), new Opened("bob")))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.expectedVersion()).isZero();
                        assertThat(e.actualVersion()).contains(1L);
                    });
            assertThat(stores.reader().read(ACCOUNT, "a1").orElseThrow().state().owner())
                    .isEqualTo("ann");
        }

        @Test
        void a_batch_that_skips_ahead_of_the_stored_version_is_a_conflict() {
            append(ACCOUNT, "a1", new Opened("ann"));
            Aggregate<State> ahead = new Aggregate<>(
                    new dev.escqrs.core.aggregate.AggregateMeta("a1", 5, "x", Instant.EPOCH, Instant.EPOCH),
                    new State("ann", 0, 0));
            List<AggregateEvent<Event>> events = envelopes(ACCOUNT, "a1", 5, new Deposited(1));
            Aggregate<State> next =
                    Account.reducer(ACCOUNT).fold(Optional.of(ahead), events).orElseThrow();

            if (!fixture().capabilities().contains(StoreFixture.Capability.REFUSES_SKIPPING_AHEAD)) {
                // a store that may trust the base version (DynamoDB's one-item mode): refused, or written as given
                try {
                    stores.eventStore().append(new AppendBatch<>(ACCOUNT, next, events));
                    assertThat(stores.eventStore()
                                    .events(ACCOUNT, "a1", 6, dev.escqrs.core.port.ReadConsistency.STRONG)
                                    .toList())
                            .extracting(AggregateEvent::aggregateVersion)
                            .containsExactly(6L);
                } catch (ConflictException refused) {
                    assertThat(stored(ACCOUNT, "a1")).hasSize(1);
                }
                return;
            }
            assertThatThrownBy(() -> stores.eventStore().append(new AppendBatch<>(ACCOUNT, next, events)))
                    .isInstanceOf(ConflictException.class);
            assertThat(stored(ACCOUNT, "a1")).hasSize(1);
        }
    }

    @Nested
    class BadInput extends AppendBadInput {
        BadInput() {
            super(AppendContract.this);
        }
    }
}
