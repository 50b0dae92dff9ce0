package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static dev.escqrs.testkit.internal.Account.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.testkit.internal.Account.Deposited;
import dev.escqrs.testkit.internal.Account.Noted;
import dev.escqrs.testkit.internal.Account.Opened;
import dev.escqrs.testkit.store.StoreFixture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The events-by-name contract: the events of one name across aggregates and types, in event id order.
 *
 * <p>Runs on a fixture that declares {@code EVENTS_BY_NAME}; see {@link StoreContract} for how an adapter runs it.
 */
public abstract class EventsByNameContract extends StoreContract {
    protected EventsByNameContract() {}

    @Override
    final StoreFixture.Capability capability() {
        return StoreFixture.Capability.EVENTS_BY_NAME;
    }

    @Nested
    class ByName {
        @Test
        void finds_events_by_name_across_aggregates_in_event_id_order() {
            append(ACCOUNT, "a1", new Opened("ann"), new Deposited(1));
            append(ACCOUNT, "a2", new Opened("bob"), new Deposited(2));
            append(LEDGER, "l1", new Opened("led"), new Noted("n"), new Deposited(3));

            Eventually.await(
                    "three Deposited events by name", () -> byName("Deposited").size() == 3);
            List<AggregateEvent<Object>> deposits = byName("Deposited");
            assertThat(deposits)
                    .extracting(AggregateEvent::payload)
                    .containsExactly(new Deposited(1), new Deposited(2), new Deposited(3));
            assertThat(deposits).extracting(AggregateEvent::eventId).isSorted();
            assertThat(byName("Noted"))
                    .extracting(AggregateEvent::aggregateName)
                    .containsExactly("Ledger");
            assertThat(byName("NeverWritten")).isEmpty();
        }

        @Test
        void a_typed_read_returns_the_events_of_one_payload_class_of_one_aggregate_type() {
            append(ACCOUNT, "a1", new Opened("ann"), new Deposited(1));
            append(LEDGER, "l1", new Opened("led"), new Deposited(3));

            Eventually.await(
                    "two Deposited events by name", () -> byName("Deposited").size() == 2);
            try (Stream<AggregateEvent<Deposited>> deposits =
                    stores.eventStore().eventsByName(ACCOUNT, Deposited.class)) {
                assertThat(deposits).extracting(AggregateEvent::payload).containsExactly(new Deposited(1));
            }
        }

        private List<AggregateEvent<Object>> byName(String name) {
            try (Stream<AggregateEvent<Object>> events = stores.eventStore().eventsByName(name)) {
                return events.toList();
            }
        }
    }
}
