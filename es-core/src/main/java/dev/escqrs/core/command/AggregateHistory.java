package dev.escqrs.core.command;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.error.UnreadableStateException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.ReadConsistency;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a command handler learns from an aggregate's history, its events: the current aggregate (the row, or the fold
 * of the events when the row cannot serve), the row rebuilt from the events (and written back, by a repair), and the
 * first outcome of a repeated keyed command.
 */
final class AggregateHistory<E, S> {
    private final AggregateType<E, S> type;
    private final Reducer<E, S> reducer;
    private final EventStore store;
    private final AggregateReader reader;

    AggregateHistory(AggregateType<E, S> type, Reducer<E, S> reducer, EventStore store, AggregateReader reader) {
        this.type = type;
        this.reducer = reducer;
        this.store = store;
        this.reader = reader;
    }

    /** The fold of this aggregate type's events, which the handler's attempts use too. */
    Reducer<E, S> reducer() {
        return reducer;
    }

    /** One read of the row, or, when the row cannot serve as the current state, a fold of the events. */
    Optional<Aggregate<S>> read(String aggregateId) {
        try {
            return reader.read(type, aggregateId);
        } catch (UnreadableStateException stale) {
            return Optional.of(rebuild(aggregateId, stale));
        }
    }

    /** The row rebuilt from the events and written, conditionally; see {@link CommandHandler#repair}. */
    Aggregate<S> repair(String aggregateId) {
        String[] lastEventId = new String[1];
        Optional<Aggregate<S>> folded;
        try (Stream<AggregateEvent<E>> events = store.events(type, aggregateId)) {
            folded = reducer.fold(
                    Optional.empty(),
                    events.peek(e -> lastEventId[0] = e.eventId()).iterator());
        }
        Aggregate<S> rebuilt = folded.orElseThrow(() -> new NotFoundException(type.name(), aggregateId));
        if (!store.rewrite(type, rebuilt, lastEventId[0])) {
            throw ConflictException.concurrentAppend(
                    type.name(), aggregateId, rebuilt.version(), Optional.empty(), Optional.empty());
        }
        return rebuilt;
    }

    /** The fold of every stored event; its version must be the row's, else the tables disagree. */
    private Aggregate<S> rebuild(String id, UnreadableStateException stale) {
        Optional<Aggregate<S>> folded;
        try (Stream<AggregateEvent<E>> events = store.events(type, id)) {
            folded = reducer.fold(Optional.empty(), events.iterator()); // lazily: a long history is never one list
        }
        Aggregate<S> rebuilt = folded.orElseThrow(() -> new EscqrsException(
                "%s %s: the row says version %d but no event is stored".formatted(type.name(), id, stale.version()),
                stale));
        if (rebuilt.version() != stale.version()) {
            throw new EscqrsException(
                    ("%s %s: the row says version %d but the events end at version %d; the tables " + "disagree. %s")
                            .formatted(
                                    type.name(),
                                    id,
                                    stale.version(),
                                    rebuilt.version(),
                                    CommandHandler.TABLES_DISAGREE_ADVICE),
                    stale);
        }
        return rebuilt;
    }

    /**
     * The first outcome of a repeated command, from the store: its events (one consistent read of them), and the
     * aggregate as they left it (the current one if nothing came after, else the fold of the history up to them).
     */
    CommandResult<E, S> replay(Aggregate<S> current, KeyedCommand first, int attempt) {
        String id = current.id();
        List<AggregateEvent<E>> events = new ArrayList<>();
        Aggregate<S> after;
        if (current.version() == first.lastVersion()) {
            try (Stream<AggregateEvent<E>> stored =
                    store.events(type, id, first.firstVersion(), ReadConsistency.STRONG)) {
                stored.takeWhile(e -> e.aggregateVersion() <= first.lastVersion())
                        .forEach(events::add);
            }
            after = current;
        } else {
            try (Stream<AggregateEvent<E>> stored = store.events(type, id, 1, ReadConsistency.STRONG)) {
                after = reducer.fold(
                                Optional.empty(),
                                stored.takeWhile(e -> e.aggregateVersion() <= first.lastVersion())
                                        .peek(e -> {
                                            if (e.aggregateVersion() >= first.firstVersion()) {
                                                events.add(e);
                                            }
                                        })
                                        .iterator())
                        .orElseThrow();
            }
        }
        if (events.size() != first.lastVersion() - first.firstVersion() + 1) {
            throw new EscqrsException(("%s %s: the row remembers a command at versions %d to %d but the store holds "
                            + "%d of its events; the tables disagree. %s")
                    .formatted(
                            type.name(),
                            id,
                            first.firstVersion(),
                            first.lastVersion(),
                            events.size(),
                            CommandHandler.TABLES_DISAGREE_ADVICE));
        }
        return new CommandResult<>(after, events, attempt, true);
    }
}
