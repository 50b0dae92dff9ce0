package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.dynamodb.table.MissingTableException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The current aggregate where one-item mode keeps it: the state on the newest event's item (one consistent
 * {@code Query}). When the newest event carries none (it was written in two-item mode) or its state cannot be read as
 * the type's state class, the aggregate table's row serves if it is at the same version (one {@code GetItem}: after a
 * switch from two-item mode, or a repair); else the events are folded ({@link UnreadableStateException}, which
 * {@code CommandHandler.read} answers with a fold of the history).
 */
public final class OneItemReads {
    private final EventQueries queries;
    private final JsonCodec codec;

    public OneItemReads(EventQueries queries, JsonCodec codec) {
        this.queries = queries;
        this.codec = codec;
    }

    public <S> Optional<Aggregate<S>> read(AggregateType<?, S> type, String aggregateId) {
        return read(type, aggregateId, () -> queries.row(type, aggregateId));
    }

    /** As {@link #read(AggregateType, String)}, with the row from {@code row}: one a caller has read already. */
    public <S> Optional<Aggregate<S>> read(
            AggregateType<?, S> type, String aggregateId, Supplier<Optional<Aggregate<S>>> row) {
        Optional<Map<String, AttributeValue>> newest = queries.newest(type, aggregateId);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = newest.get();
        long version = Long.parseLong(EventItems.n(
                item,
                EventItems.layoutOf(item).orElseThrow().version(),
                "the newest event of %s %s".formatted(type.name(), aggregateId)));
        String why;
        if (StateItems.carriesState(item)) {
            try {
                return Optional.of(StateItems.read(type, item, codec));
            } catch (UnreadableStateException stale) {
                why = stale.getMessage();
            }
        } else {
            why = "its newest event (version %d) carries no state: it was written in two-item mode".formatted(version);
        }
        try {
            Optional<Aggregate<S>> stored = row.get();
            if (stored.isPresent() && stored.get().version() == version) {
                return stored;
            }
            why += stored.isPresent()
                    ? "; the row is at version %d".formatted(stored.get().version())
                    : "; there is no row";
        } catch (UnreadableStateException | MissingTableException rowUnusable) {
            why += "; the row cannot serve: " + rowUnusable.getMessage();
        }
        throw new UnreadableStateException(type.name(), aggregateId, version, why, null);
    }
}
