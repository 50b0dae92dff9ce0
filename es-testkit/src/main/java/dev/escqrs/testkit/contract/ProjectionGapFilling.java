package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.error.EventSequenceException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Account.Deposited;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link ProjectionContract.GapFilling}: the {@link Projector} fills gaps from the store. */
abstract class ProjectionGapFilling extends ProjectionGroup {
    ProjectionGapFilling(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void a_version_beyond_the_next_is_preceded_by_the_missing_ones_from_the_store_and_a_late_one_is_a_repeat() {
        write(ACCOUNT, "g1", 3);
        List<AggregateEvent<Event>> stored;
        try (Stream<AggregateEvent<Event>> events = stores.eventStore().events(ACCOUNT, "g1")) {
            stored = events.toList();
        }
        RecordingProjection projection = new RecordingProjection();
        Projector projector = new Projector(projection, stores.eventStore(), List.of(ACCOUNT));

        projector.apply(List.of(stored.get(3))); // version 4 first: 1, 2 and 3 were lost or are late
        projector.apply(List.of(stored.get(1))); // version 2 arrives late

        assertThat(projectedVersions(projection, ACCOUNT, "g1")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(projector.counts()).isEqualTo(new Projector.Counts(4, 1, 3, 0));
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void a_gap_the_store_cannot_fill_is_an_error_and_nothing_after_it_is_applied() {
        write(ACCOUNT, "g2", 1);
        RecordingProjection projection = new RecordingProjection();
        Projector projector = new Projector(projection, stores.eventStore(), List.of(ACCOUNT));
        AggregateEvent<Event> fromTheFuture = Account.envelope(ids, ACCOUNT, "g2", 9, new Deposited(1));

        assertThatThrownBy(() -> projector.apply(List.of(fromTheFuture)))
                .isInstanceOf(EventSequenceException.class)
                .hasMessageContaining("Account g2: the projection holds version 0 and received version 9")
                .hasMessageContaining("has only up to version 2");
        assertThat(projectedVersions(projection, ACCOUNT, "g2")).containsExactly(1L, 2L);
    }
}
