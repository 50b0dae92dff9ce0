package dev.escqrs.inmemory;

// spotless:off: the docs show this file's lines as they are here (DocSnippets), so the formatter leaves it alone

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.reaction.ReactionScenario;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippets of docs/workflows.md, as they are there (the last test checks that each snippet's lines are in this
 * file): an idempotent command, and a process manager that retries a failed payment once and then cancels the order.
 */
class WorkflowQuickStartTest {
    // --- the domain: orders and payments, each an aggregate of its own ---
    sealed interface OrderCommand permits PlaceOrder, CancelOrder {
    }

    record PlaceOrder(long cents) implements OrderCommand {
    }

    record CancelOrder(String reason) implements OrderCommand {
    }

    sealed interface OrderEvent permits OrderPlaced, OrderCancelled {
    }

    record OrderPlaced(long cents) implements OrderEvent {
    }

    record OrderCancelled(String reason) implements OrderEvent {
    }

    record Order(long cents, boolean cancelled) {
    }

    static final AggregateType<OrderEvent, Order> ORDER = AggregateType.of("Order", Order.class, OrderEvent.class,
            EventTypes.builder().register("OrderPlaced", OrderPlaced.class)
                    .register("OrderCancelled", OrderCancelled.class).build());

    static final Decider<OrderCommand, OrderEvent, Order> ORDERS = new Decider<>() {
        public Order initialState() {
            return new Order(0, false);
        }

        public List<OrderEvent> decide(OrderCommand command, Order order) {
            return switch (command) {
                case PlaceOrder place -> List.of(new OrderPlaced(place.cents()));
                case CancelOrder cancel -> order.cancelled() ? List.of() : List.of(new OrderCancelled(cancel.reason()));
            };
        }

        public Order evolve(Order order, OrderEvent event) {
            return switch (event) {
                case OrderPlaced placed -> new Order(placed.cents(), false);
                case OrderCancelled cancelled -> new Order(order.cents(), true);
            };
        }
    };

    sealed interface PaymentCommand permits RequestPayment, DeclinePayment {
    }

    record RequestPayment(String orderId, long cents) implements PaymentCommand {
    }

    record DeclinePayment() implements PaymentCommand {
    }

    sealed interface PaymentEvent permits PaymentRequested, PaymentDeclined {
    }

    record PaymentRequested(String orderId, long cents) implements PaymentEvent {
    }

    record PaymentDeclined(String orderId) implements PaymentEvent {
    }

    record Payment(String orderId) {
    }

    static final AggregateType<PaymentEvent, Payment> PAYMENT = AggregateType.of("Payment", Payment.class,
            PaymentEvent.class, EventTypes.builder().register("PaymentRequested", PaymentRequested.class)
                    .register("PaymentDeclined", PaymentDeclined.class).build());

    static final Decider<PaymentCommand, PaymentEvent, Payment> PAYMENTS = new Decider<>() {
        public Payment initialState() {
            return new Payment("");
        }

        public List<PaymentEvent> decide(PaymentCommand command, Payment payment) {
            return switch (command) {
                case RequestPayment request -> List.of(new PaymentRequested(request.orderId(), request.cents()));
                case DeclinePayment decline -> {
                    if (payment.orderId().isEmpty()) {
                        throw new DomainException("no payment was requested");
                    }
                    yield List.of(new PaymentDeclined(payment.orderId()));
                }
            };
        }

        public Payment evolve(Payment payment, PaymentEvent event) {
            return switch (event) {
                case PaymentRequested requested -> new Payment(requested.orderId());
                case PaymentDeclined declined -> payment;
            };
        }
    };

    // --- the process manager: an aggregate whose commands come from events, and whose events become commands ---
    sealed interface CheckoutCommand permits StartCheckout, NotePaymentDeclined {
    }

    record StartCheckout(long cents) implements CheckoutCommand {
    }

    record NotePaymentDeclined() implements CheckoutCommand {
    }

    sealed interface CheckoutEvent permits PaymentDue, CheckoutAbandoned {
    }

    /** Pay {@code cents}; {@code attempt} counts from 1. */
    record PaymentDue(long cents, int attempt) implements CheckoutEvent {
    }

    record CheckoutAbandoned(int attempts) implements CheckoutEvent {
    }

    record Checkout(long cents, int attempts, boolean abandoned) {
    }

    static final AggregateType<CheckoutEvent, Checkout> CHECKOUT = AggregateType.of("Checkout", Checkout.class,
            CheckoutEvent.class, EventTypes.builder().register("PaymentDue", PaymentDue.class)
                    .register("CheckoutAbandoned", CheckoutAbandoned.class).build());

    /** A declined payment is tried once more; a second decline abandons the checkout. */
    static final Decider<CheckoutCommand, CheckoutEvent, Checkout> CHECKOUTS = new Decider<>() {
        public Checkout initialState() {
            return new Checkout(0, 0, false);
        }

        public List<CheckoutEvent> decide(CheckoutCommand command, Checkout checkout) {
            return switch (command) {
                case StartCheckout start -> List.of(new PaymentDue(start.cents(), 1));
                case NotePaymentDeclined declined -> checkout.abandoned() ? List.of()
                        : checkout.attempts() < 2 ? List.of(new PaymentDue(checkout.cents(), checkout.attempts() + 1))
                        : List.of(new CheckoutAbandoned(checkout.attempts()));
            };
        }

        public Checkout evolve(Checkout checkout, CheckoutEvent event) {
            return switch (event) {
                case PaymentDue due -> new Checkout(due.cents(), due.attempt(), false);
                case CheckoutAbandoned abandoned -> new Checkout(checkout.cents(), checkout.attempts(), true);
            };
        }
    };

    // --- the reactions: into the process manager, and out of it ---
    static final String ACTOR = "reaction:checkout";

    static final Reaction INTO_CHECKOUT = Reaction.builder()
            .on(ORDER, OrderPlaced.class, (event, placed) -> List.of(Send.to(CHECKOUT,
                    CommandRequest.createOrUpdate(event.aggregateId(), ACTOR, new StartCheckout(placed.cents())))))
            .on(PAYMENT, PaymentDeclined.class, (event, declined) -> List.of(Send.to(CHECKOUT,
                    CommandRequest.update(declined.orderId(), ACTOR, new NotePaymentDeclined()))))
            .build();

    static final Reaction OUT_OF_CHECKOUT = Reaction.builder()
            .on(CHECKOUT, PaymentDue.class, (event, due) -> List.of(Send.to(PAYMENT, CommandRequest.createWithId(
                    event.aggregateId() + "-" + due.attempt(), ACTOR, new RequestPayment(event.aggregateId(), due.cents())))))
            .on(CHECKOUT, CheckoutAbandoned.class, (event, abandoned) -> List.of(Send.to(ORDER,
                    CommandRequest.update(event.aggregateId(), ACTOR, new CancelOrder("payment declined twice")))))
            .build();

    @Test
    void a_retried_command_with_its_key_takes_effect_once() {
        InMemoryEventStore store = new InMemoryEventStore(JsonCodec.of(ORDER));
        var orders = CommandHandler.builder(ORDER, ORDERS).store(store, store).build();

        CommandRequest<OrderCommand> place = CommandRequest.create("alice", (OrderCommand) new PlaceOrder(1200))
                .withIdempotencyKey("checkout-7f3a");
        CommandResult<OrderEvent, Order> first = orders.handle(place);
        CommandResult<OrderEvent, Order> retry = orders.handle(place); // the client timed out and sent it again

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.aggregate().id()).isEqualTo(first.aggregate().id());
        assertThat(retry.events()).isEqualTo(first.events());
    }

    @Test
    void the_process_manager_retries_a_declined_payment_once_then_cancels_the_order() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore(JsonCodec.of(ORDER, PAYMENT, CHECKOUT));
        var orders = CommandHandler.builder(ORDER, ORDERS).store(store, store).build();
        var payments = CommandHandler.builder(PAYMENT, PAYMENTS).store(store, store).build();
        var checkouts = CommandHandler.builder(CHECKOUT, CHECKOUTS).store(store, store).build();
        Reactor into = Reactor.builder("into-checkout", INTO_CHECKOUT).handlers(checkouts)
                .ledger(ReactionLedger.inMemory()).build();
        Reactor out = Reactor.builder("out-of-checkout", OUT_OF_CHECKOUT).handlers(payments, orders)
                .ledger(ReactionLedger.inMemory()).build();
        List<ProjectionRunner.Running> running = new ArrayList<>();
        for (Reactor reactor : List.of(into, out)) {
            ProjectionSpec spec = ProjectionSpec.builder(reactor.name(), reactor)
                    .aggregates(reactor.aggregates().toArray(AggregateType<?, ?>[]::new)).store(store).build();
            running.add(ProjectionRunner.builder(spec).feed(store).pollInterval(Duration.ofMillis(20)).build().start());
        }
        try {
            String order = orders.handle(CommandRequest.create("alice", (OrderCommand) new PlaceOrder(1200)))
                    .aggregate().id();
            Eventually.await("the first payment to be requested", () -> payments.read(order + "-1").isPresent());
            payments.handle(CommandRequest.update(order + "-1", "bank", (PaymentCommand) new DeclinePayment()));
            Eventually.await("the payment to be tried again", () -> payments.read(order + "-2").isPresent());
            payments.handle(CommandRequest.update(order + "-2", "bank", (PaymentCommand) new DeclinePayment()));

            Eventually.await("the order to be cancelled", () -> orders.read(order).orElseThrow().state().cancelled());
            assertThat(checkouts.read(order).orElseThrow().state()).isEqualTo(new Checkout(1200, 2, true));
            assertThat(payments.read(order + "-3")).as("no third attempt").isEmpty();
            assertThat(into.counts().failed() + out.counts().failed()).isZero();
        } finally {
            running.forEach(ProjectionRunner.Running::close);
        }
    }

    @Test
    void a_reaction_is_tested_pure_given_events_when_an_event_then_commands() {
        ReactionScenario.of(OUT_OF_CHECKOUT).on(CHECKOUT, "order-1")
                .given(new PaymentDue(1200, 1))
                .when(new PaymentDue(1200, 2))
                .thenSends(Send.to(PAYMENT, CommandRequest.createWithId("order-1-2", ACTOR, new RequestPayment("order-1", 1200))));
    }

    @Test
    void the_docs_show_these_snippets_as_they_are_here() throws IOException {
        assertThat(DocSnippets.assertShownAsRun("docs/workflows.md", getClass()))
                .as("lines of java snippets in docs/workflows.md").isGreaterThan(20);
    }
}
// spotless:on
