package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Tally.TALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.testkit.internal.Purse;
import dev.escqrs.testkit.reaction.Redelivery;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ReactionContract.AtLeastOnce}: a reactor fed each event twice and out of order, again after a crash between
 * sending and recording, or long after the targets forgot their keys, takes each effect once; a refused command is
 * reported and skipped; a reactor cannot be reset.
 */
abstract class ReactionAtLeastOnce extends ReactionGroup {
    ReactionAtLeastOnce(ReactionContract contract) {
        super(contract);
    }

    @Test
    void every_event_delivered_twice_and_out_of_order_takes_effect_once() {
        String a = purse(3);
        String b = purse(2);

        Redelivery.deliverTwiceOutOfOrder(reactor(newLedger()), stores.eventStore(), events(a, b), 7);

        assertThat(marks(a)).isEqualTo(3);
        assertThat(marks(b)).isEqualTo(2);
    }

    @Test
    void commands_sent_before_a_crash_are_sent_again_with_their_keys_and_take_effect_once() {
        String a = purse(2);
        ReactionLedger ledger = newLedger();
        AtomicBoolean crash = new AtomicBoolean(true);
        ReactionLedger crashingOnce = new ReactionLedger() {
            @Override
            public long reactedVersion(String aggregateName, String aggregateId) {
                return ledger.reactedVersion(aggregateName, aggregateId);
            }

            @Override
            public void recordReacted(String aggregateName, String aggregateId, long version) {
                if (crash.getAndSet(false)) {
                    throw new IllegalStateException("injected: the process died after sending, before recording");
                }
                ledger.recordReacted(aggregateName, aggregateId, version);
            }

            @Override
            public Checkpoints checkpoints() {
                return ledger.checkpoints();
            }
        };
        Reactor reactor = reactor(crashingOnce);
        List<AggregateEvent<?>> events = events(a);

        assertThatThrownBy(() -> new Projector(reactor, stores.eventStore(), reactor.aggregates()).apply(events))
                .hasMessageContaining("injected");
        new Projector(reactor, stores.eventStore(), reactor.aggregates()).apply(events); // delivered again

        assertThat(reactor.counts().duplicates())
                .as("the command sent before the crash, answered again")
                .isEqualTo(1);
        assertThat(reactor.counts().sent()).isEqualTo(2);
        assertThat(marks(a)).isEqualTo(2);
    }

    @Test
    void a_refused_command_is_reported_and_skipped_and_later_events_go_on() {
        var purses = purses();
        String a = purse(1);
        purses.handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Label(Map.of("k", "v"))));
        purses.handle(CommandRequest.update(a, "ann", (Purse.Command) new Purse.Deposit(BigDecimal.ONE)));
        Reactor reactor = reactor(newLedger());

        new Projector(reactor, stores.eventStore(), reactor.aggregates()).apply(events(a));

        assertThat(reactor.counts().refused()).isEqualTo(1);
        assertThat(errors.get(ReactionObserver.Delivery.REFUSED)).isInstanceOf(NotFoundException.class);
        assertThat(deliveries)
                .containsExactly(
                        ReactionObserver.Delivery.SENT,
                        ReactionObserver.Delivery.REFUSED,
                        ReactionObserver.Delivery.SENT);
        assertThat(marks(a)).isEqualTo(2);
    }

    @Test
    void a_replay_long_after_the_targets_forgot_the_keys_sends_nothing_again() {
        int deposits = dev.escqrs.core.idempotency.KeyedCommand.MAX_REMEMBERED + 4;
        String a = purse(deposits);
        ReactionLedger ledger = newLedger();
        Reactor first = reactor(ledger);
        new Projector(first, stores.eventStore(), first.aggregates()).apply(events(a));
        assertThat(stores.reader()
                        .read(TALLY, "tally-of-" + a)
                        .orElseThrow()
                        .meta()
                        .keyedCommands())
                .as("the tally remembers only the newest keys")
                .hasSize(dev.escqrs.core.idempotency.KeyedCommand.MAX_REMEMBERED);

        Reactor replayed = reactor(ledger); // a new process, the whole history delivered again
        new Projector(replayed, stores.eventStore(), replayed.aggregates()).apply(events(a));

        assertThat(replayed.counts()).isEqualTo(new Reactor.Counts(0, 0, 0, 0));
        assertThat(marks(a)).isEqualTo(deposits);
    }

    @Test
    void a_reactor_cannot_be_reset_since_that_would_send_every_command_again() {
        Reactor reactor = reactor(newLedger());
        assertThatThrownBy(reactor::reset)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot be reset");
    }
}
