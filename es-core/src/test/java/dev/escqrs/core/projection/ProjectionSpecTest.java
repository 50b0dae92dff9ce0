package dev.escqrs.core.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.port.EventStore;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ProjectionSpecTest {
    record Opened(String owner) {}

    record State(String owner) {}

    static final AggregateType<Opened, State> ACCOUNT = AggregateType.of(
            "Account",
            State.class,
            Opened.class,
            EventTypes.builder().register("Opened", Opened.class).build());

    /** A read model in memory that does nothing: what the builders are given where only the spec matters. */
    static final Projection NOTHING = new Projection() {
        @Override
        public long appliedVersion(String aggregateName, String aggregateId) {
            return 0;
        }

        @Override
        public void apply(AggregateEvent<?> event) {}

        @Override
        public void reset() {}
    };

    /** A store that fails any test that reads it: specs and builders read nothing. */
    static EventStore store() {
        return (EventStore) Proxy.newProxyInstance(
                EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
                    throw new AssertionError("not read here");
                });
    }

    @Test
    void the_defaults_are_the_aggregates_codec_stop_at_bad_records_and_no_observer() {
        ProjectionSpec spec = ProjectionSpec.builder("accounts", NOTHING)
                .aggregates(ACCOUNT)
                .store(store())
                .build();

        assertThat(spec.badRecords()).isEqualTo(BadRecords.STOP);
        assertThat(spec.observer()).isSameAs(ProjectionObserver.NONE);
        assertThat(spec.codec().types().names()).containsExactly("Opened");
        assertThat(spec.aggregates()).containsExactly(ACCOUNT);
    }

    @Test
    void what_is_given_is_kept() {
        JsonCodec codec = JsonCodec.of(ACCOUNT);
        ProjectionObserver observer = new ProjectionObserver() {};
        ProjectionSpec spec = ProjectionSpec.builder("accounts", NOTHING)
                .aggregates(ACCOUNT)
                .store(store())
                .codec(codec)
                .badRecords(BadRecords.SKIP)
                .observer(observer)
                .build();

        assertThat(spec.codec()).isSameAs(codec);
        assertThat(spec.badRecords()).isEqualTo(BadRecords.SKIP);
        assertThat(spec.observer()).isSameAs(observer);
    }

    @Test
    void a_spec_without_aggregates_or_store_or_with_a_blank_name_is_refused_saying_what_to_call() {
        assertThatThrownBy(() -> ProjectionSpec.builder("accounts", NOTHING)
                        .store(store())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("projection accounts: call aggregates(...) with at least one type");
        assertThatThrownBy(() -> ProjectionSpec.builder("accounts", NOTHING)
                        .aggregates(ACCOUNT)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("call store(eventStore)");
        assertThatThrownBy(() -> ProjectionSpec.builder(" ", NOTHING)
                        .aggregates(ACCOUNT)
                        .store(store())
                        .build())
                .hasMessage("projection name is blank");
    }
}
