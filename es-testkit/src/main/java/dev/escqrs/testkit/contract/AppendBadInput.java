package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.testkit.internal.Account.Deposited;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.Noted;
import dev.escqrs.testkit.internal.Account.Opened;
import dev.escqrs.testkit.internal.Account.State;
import dev.escqrs.testkit.internal.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link AppendContract.BadInput}: what no store can hold (a payload over 400 KB, a command over 4 MB, more than 99
 * events, an unregistered payload, a non-finite number, an empty field name) is refused, and nothing is written.
 */
abstract class AppendBadInput extends StoreGroup {
    AppendBadInput(AppendContract contract) {
        super(contract);
    }

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
        record Stray(int x) {}
        var stray = new AggregateEvent<Object>(
                ids.next(), "Stray", "Account", "a1", 2, "x", new Stray(1), EventMetadata.NONE);
        var type = AggregateType.of(
                "Account",
                State.class,
                Object.class,
                dev.escqrs.core.event.EventTypes.builder().build());
        var aggregate = new Aggregate<>(
                new dev.escqrs.core.aggregate.AggregateMeta("a1", 2, "x", Instant.now(), Instant.now()),
                new State("ann", 0, 0));
        assertThatThrownBy(() -> stores.eventStore().append(new AppendBatch<>(type, aggregate, List.of(stray))))
                .isInstanceOf(dev.escqrs.core.error.UnknownEventTypeException.class)
                .hasMessageContaining("is not registered as an event type");
        assertNothingAfterVersion1();
    }

    @Test
    void a_non_finite_number_is_refused_and_nothing_is_written() {
        append(ACCOUNT, "a1", new Opened("ann"));
        Sample.Value nan = new Sample.Value(
                "",
                0,
                0,
                Double.NaN,
                java.math.BigDecimal.ONE,
                false,
                List.of(),
                Map.of(),
                Optional.empty(),
                Instant.EPOCH,
                List.of());
        assertThatThrownBy(() -> append(ACCOUNT, "a1", new Sample.Sampled(nan)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("non-finite number at /value/ratio");
        assertNothingAfterVersion1();
    }

    @Test
    void an_empty_field_name_is_refused_and_nothing_is_written() {
        append(ACCOUNT, "a1", new Opened("ann"));
        Sample.Value emptyKey = new Sample.Value(
                "",
                0,
                0,
                0,
                java.math.BigDecimal.ONE,
                false,
                List.of(),
                Map.of("", 1),
                Optional.empty(),
                Instant.EPOCH,
                List.of());
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
