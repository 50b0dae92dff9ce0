package dev.escqrs.spring.boot;

import dev.escqrs.core.reaction.Reaction;
import java.util.Objects;

/**
 * A reaction the application runs: declare one as a bean and the starter makes its {@code Reactor} (sending through
 * the {@link CommandHandlers} of the application's {@link EscqrsAggregate} beans, recording in a ledger on the store
 * of {@code escqrs.store}, measured by the meters when there are any) and runs it with the projections, under
 * {@code BadRecords.PARK} with the application's {@code Parking}. {@link EscqrsReactions#get} gives the reactor.
 *
 * <pre>{@code
 * @Bean
 * EscqrsReaction authorStats() {
 *     return EscqrsReaction.of("author-stats", AuthorStats.REACTION);
 * }
 * }</pre>
 *
 * @param name the reactor's name: it starts the idempotency keys of its commands, names its runner and checkpoint
 *             and, on DynamoDB, its ledger's table ({@code escqrs.dynamodb.table-prefix} + name); never rename a
 *             reaction that ran, or it reacts to every event again under new keys
 */
public record EscqrsReaction(String name, Reaction reaction) {
    public EscqrsReaction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reaction, "reaction");
    }

    public static EscqrsReaction of(String name, Reaction reaction) {
        return new EscqrsReaction(name, reaction);
    }
}
