package dev.escqrs.core.reaction;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventMetadata;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Reactor}'s sending of the commands its reaction calls for on an event: each to the handler of its aggregate
 * type, with the key and metadata the event gives it, a refusal skipped and any other failure thrown (the policy is
 * the reactor's, see its class comment); each outcome counted and told to the observer.
 */
final class CommandDelivery {
    private static final Logger LOG = Logger.getLogger(Reactor.class.getName());
    /** The errors that are a command's answer, which sending it again cannot change. */
    private static final Set<EscqrsException.Category> REFUSALS = EnumSet.of(
            EscqrsException.Category.REFUSED,
            EscqrsException.Category.CONFLICT,
            EscqrsException.Category.NOT_FOUND,
            EscqrsException.Category.INVALID);

    private final String name;
    private final ReactionObserver observer;
    private final Map<String, CommandHandler<?, ?, ?>> handlers;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    CommandDelivery(String name, Map<String, CommandHandler<?, ?, ?>> handlers, ReactionObserver observer) {
        this.name = name;
        this.observer = observer;
        this.handlers = Map.copyOf(handlers);
        if (this.handlers.isEmpty()) {
            throw new IllegalStateException(
                    "reactor %s has no command handlers: pass the handlers of the aggregate ".formatted(name)
                            + "types its reaction sends to, to Reactor.builder(...).handlers(...)");
        }
    }

    Reactor.Counts counts() {
        return new Reactor.Counts(sent.get(), duplicates.get(), refused.get(), failed.get());
    }

    /** Sends {@code sends}, the commands {@code event} calls for, in order; throws the first failure not a refusal. */
    void send(AggregateEvent<?> event, List<Send> sends) {
        EventMetadata metadata = EventMetadata.NONE
                .withCorrelationId(event.metadata().correlationId().orElse(event.eventId()))
                .withCausationId(event.eventId());
        for (int i = 0; i < sends.size(); i++) {
            Send send = sends.get(i);
            String key = name + ":" + event.eventId() + ":" + i;
            try {
                CommandResult<?, ?> result = handlerOf(send).handle(request(send, key, metadata));
                report(
                        event,
                        send,
                        result.replayed() ? ReactionObserver.Delivery.DUPLICATE : ReactionObserver.Delivery.SENT,
                        Optional.empty());
            } catch (EscqrsException refusal) {
                if (!REFUSALS.contains(refusal.category())) {
                    report(event, send, ReactionObserver.Delivery.FAILED, Optional.of(refusal));
                    throw refusal;
                }
                LOG.log(
                        Level.WARNING,
                        "reaction %s: %s for %s %s version %d (event %s) was refused and is skipped: %s"
                                .formatted(
                                        name,
                                        send.commandType(),
                                        event.aggregateName(),
                                        event.aggregateId(),
                                        event.aggregateVersion(),
                                        event.eventId(),
                                        refusal.getMessage()));
                report(event, send, ReactionObserver.Delivery.REFUSED, Optional.of(refusal));
            } catch (RuntimeException failure) {
                report(event, send, ReactionObserver.Delivery.FAILED, Optional.of(failure));
                throw failure;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CommandRequest request(Send send, String key, EventMetadata metadata) {
        return ((CommandRequest) send.request()).withMetadata(metadata).withIdempotencyKey(key);
    }

    @SuppressWarnings("unchecked")
    private CommandHandler<Object, ?, ?> handlerOf(Send send) {
        CommandHandler<?, ?, ?> handler = handlers.get(send.target().name());
        if (handler == null) {
            throw new IllegalStateException(("reaction %s sends %s to %s, but the reactor has no handler for %s: pass "
                            + "its CommandHandler to Reactor.builder(...).handlers(...)")
                    .formatted(
                            name,
                            send.commandType(),
                            send.target().name(),
                            send.target().name()));
        }
        return (CommandHandler<Object, ?, ?>) handler;
    }

    private void report(
            AggregateEvent<?> event, Send send, ReactionObserver.Delivery delivery, Optional<Throwable> error) {
        (switch (delivery) {
                    case SENT -> sent;
                    case DUPLICATE -> duplicates;
                    case REFUSED -> refused;
                    case FAILED -> failed;
                })
                .incrementAndGet();
        observer.delivered(name, event, send.commandType(), delivery, error);
    }
}
