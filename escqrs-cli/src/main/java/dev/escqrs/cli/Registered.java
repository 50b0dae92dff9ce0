package dev.escqrs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.StateItems;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One aggregate type the application registered, with the decider whose fold its rows must equal. */
record Registered<C, E, S>(AggregateType<E, S> type, Decider<C, E, S> decider) {
    /**
     * The row the fold of the stored events gives, in the table's layout, as escqrs writes it; empty when no event is
     * stored.
     */
    Optional<Map<String, AttributeValue>> foldedRow(DynamoDbEventStore store, AggregateItems rows, String id) {
        Reducer<E, S> reducer = Reducer.of(type, decider);
        String[] lastEventId = new String[1];
        Optional<Aggregate<S>> folded;
        try (Stream<AggregateEvent<E>> events = store.events(type, id)) {
            folded = reducer.fold(
                    Optional.empty(),
                    events.peek(e -> lastEventId[0] = e.eventId()).iterator());
        }
        return folded.map(aggregate -> rows.toItem(type, aggregate, lastEventId[0], store.codec()));
    }

    /**
     * The state on {@code newestEvent} (one-item mode) as the row escqrs would write for it, so that it compares with
     * {@link #foldedRow}; empty when it cannot be read as the type's state (then the fold's row differs from nothing).
     */
    Optional<Map<String, AttributeValue>> stateRow(
            DynamoDbEventStore store, AggregateItems rows, Map<String, AttributeValue> newestEvent) {
        try {
            Aggregate<S> aggregate = StateItems.read(type, newestEvent, store.codec());
            String eventId = EventItems.fromItem(newestEvent, "the newest event of " + type.name())
                    .eventId();
            return Optional.of(rows.toItem(type, aggregate, eventId, store.codec()));
        } catch (EscqrsException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The state of {@code row} (a row as {@link AggregateItems} writes it) as a plain JSON tree: decoded by the store's
     * codec, so encrypted personal data is compared by its value, not by its ciphertext (a fresh nonce each write);
     * empty when it does not read.
     */
    Optional<JsonNode> plainState(DynamoDbEventStore store, AggregateItems rows, Map<String, AttributeValue> row) {
        try {
            return Optional.of(store.codec()
                    .payloadMapper()
                    .toTree(rows.fromItem(type, row, store.codec()).state()));
        } catch (EscqrsException unreadable) {
            return Optional.empty();
        }
    }

    /** Rewrites the row from the events, conditionally ({@link CommandHandler#repair}); returns the version written. */
    long repair(DynamoDbEventStore store, String id) {
        return CommandHandler.builder(type, decider)
                .store(store, store)
                .build()
                .repair(id)
                .version();
    }
}
