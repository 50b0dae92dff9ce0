package dev.escqrs.spring.boot;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Reactor} of each {@link EscqrsReaction} bean, sending through every handler of {@link CommandHandlers}.
 * {@link EscqrsProjections} runs them with the projections.
 */
public final class EscqrsReactions {
    private final Map<String, Reactor> byName = new LinkedHashMap<>();

    public EscqrsReactions(
            List<EscqrsReaction> reactions,
            CommandHandlers handlers,
            ReactionLedgers ledgers,
            ReactionObserver observer) {
        CommandHandler<?, ?, ?>[] all = handlers.all().toArray(CommandHandler<?, ?, ?>[]::new);
        for (EscqrsReaction reaction : reactions) {
            if (byName.containsKey(reaction.name())) {
                throw new EscqrsConfigurationException(
                        "two EscqrsReaction beans are named " + reaction.name(),
                        "give each its own name: a reaction's name starts its commands' keys and names its ledger");
            }
            if (all.length == 0) {
                throw new EscqrsConfigurationException(
                        "reaction %s has no aggregates to send commands to".formatted(reaction.name()),
                        "declare an EscqrsAggregate bean for each aggregate type it " + "sends to");
            }
            byName.put(
                    reaction.name(),
                    Reactor.builder(reaction.name(), reaction.reaction())
                            .handlers(all)
                            .ledger(ledgers.ledger(reaction.name()))
                            .observer(observer)
                            .build());
        }
    }

    /** The names of the reactions. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** Every reactor, in the order of the beans. */
    public List<Reactor> reactors() {
        return List.copyOf(byName.values());
    }

    /**
     * The reactor of {@code name} (its {@code counts()}).
     *
     * @throws IllegalArgumentException no {@link EscqrsReaction} bean is named {@code name}
     */
    public Reactor get(String name) {
        Reactor reactor = byName.get(name);
        if (reactor == null) {
            throw new IllegalArgumentException(
                    "no reaction named %s: declare an EscqrsReaction bean for it; there are %s"
                            .formatted(name, names()));
        }
        return reactor;
    }
}
