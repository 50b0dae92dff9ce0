package dev.escqrs.spring.boot;

import dev.escqrs.core.reaction.ReactionLedger;

/**
 * The ledger of each reaction the starter runs, on the store of {@code escqrs.store}: in memory, or a
 * {@code DynamoDbReactionLedger} in table {@code escqrs.dynamodb.table-prefix} + the reaction's name (created at
 * start-up with {@code escqrs.dynamodb.create-tables}). An application that keeps its ledgers elsewhere declares its
 * own bean.
 */
@FunctionalInterface
public interface ReactionLedgers {
    /** The ledger of reaction {@code name}: durable as long as the event store is. */
    ReactionLedger ledger(String name);
}
