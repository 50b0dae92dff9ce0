package dev.escqrs.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.testkit.store.StoreFixture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StoreContractTest {
    @Test
    void a_contract_run_on_a_fixture_that_does_not_declare_its_capability_fails_and_opens_nothing() {
        AtomicBoolean opened = new AtomicBoolean();
        StoreFixture appendOnly = StoreFixture.of(
                "append-only",
                codec -> {
                    opened.set(true);
                    throw new AssertionError("not reached");
                },
                StoreFixture.Capability.APPEND);
        ChangeFeedContract contract = new ChangeFeedContract() {
            @Override
            protected StoreFixture fixture() {
                return appendOnly;
            }
        };

        assertThatThrownBy(contract::createStore)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "runs the CHANGE_FEED contract, but fixture 'append-only' declares only [APPEND]");
        assertThat(opened).isFalse();
    }

    @Test
    void a_fixture_declares_every_capability_unless_told_otherwise() {
        assertThat(StoreFixture.of("all", codec -> null).capabilities())
                .containsExactlyInAnyOrder(StoreFixture.Capability.values());
    }
}
