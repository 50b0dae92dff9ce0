package dev.escqrs.testkit.scenario;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.core.idempotency.IdempotencyRecord;
import dev.escqrs.core.idempotency.KeyedCommand;
import dev.escqrs.core.internal.Decisions;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.core.port.AppendEvents;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.testkit.store.Histories;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a scenario on the decider's functions: fold the given events with evolve, then decide. The envelopes are made
 * as the command handler makes them on a store (ids from the same generator, the given events taking the first ones),
 * so a scenario's envelopes are the same pure and on every store. What a store would write goes through the codec and
 * the limits every store checks ({@link StoreLimits#encode}), in memory only: a value no store can hold (a number
 * past DynamoDB's precision, a 500 KB string) fails pure as it fails on every store, with the same exception.
 */
final class PureRunner<C, E, S> implements ScenarioRunner<C, E, S> {
    private final AggregateType<E, S> type;
    private final Decider<C, E, S> decider;
    private final Reducer<E, S> reducer;
    /** The codec without keys; each run adds its own key store. */
    private final JsonCodec codec;

    PureRunner(AggregateType<E, S> type, Decider<C, E, S> decider) {
        this.type = type;
        this.decider = decider;
        this.reducer = Reducer.of(type, decider);
        this.codec = JsonCodec.of(type);
    }

    /**
     * {@code history} as a store returns it after the settings' subjects were forgotten: encoded (their keys made),
     * the subjects forgotten in {@code keys}, decoded again.
     */
    private List<AggregateEvent<E>> forgetting(
            ScenarioSettings settings, JsonCodec codec, DataKeys keys, List<AggregateEvent<E>> history) {
        if (settings.forgotten().isEmpty()) {
            return history;
        }
        List<EncodedEvent> stored = history.stream().map(codec::encode).toList();
        settings.forgotten().forEach(keys::forget);
        return stored.stream()
                .map(event -> codec.decode(event, type.eventClass()))
                .toList();
    }

    @Override
    public Run<E, S> run(ScenarioSettings settings, List<E> given, C command) {
        EventIds ids = settings.idsForRun();
        DataKeys keys = DataKeys.inMemory(); // each run its own, as each store run gets a fresh store
        JsonCodec codec = this.codec.withPersonalData(keys);
        List<AggregateEvent<E>> written = new ArrayList<>(given.size());
        long version = 0;
        for (E payload : given) { // as the store runner appends them, in the same batches, through the same checks
            written.add(new AggregateEvent<>(
                    ids.next(),
                    type.eventName(payload),
                    type.name(),
                    settings.aggregateId(),
                    ++version,
                    settings.actorId(),
                    payload,
                    EventMetadata.NONE));
        }
        List<AggregateEvent<E>> history = forgetting(settings, codec, keys, written);
        Optional<Aggregate<S>> before = Histories.append(checked(codec), reducer, history);
        RunResult<E, S> outcome = asStored(codec, settings, decideOn(codec, settings, ids, before, command));
        Optional<Aggregate<S>> after = reducer.fold(before, outcome.envelopes());
        List<AggregateEvent<E>> all = new ArrayList<>(history);
        all.addAll(outcome.envelopes());
        return new Run<>(
                outcome,
                () -> decideOn(codec, settings, ids, after, command),
                () -> repeatOn(codec, settings, ids, after, all, command));
    }

    /**
     * The same request again, answered as the command handler answers it on a store: a key the aggregate remembers
     * for this command gives the first outcome back, for another command it is refused; else the command is decided.
     */
    private RunResult<E, S> repeatOn(
            JsonCodec codec,
            ScenarioSettings settings,
            EventIds ids,
            Optional<Aggregate<S>> current,
            List<AggregateEvent<E>> history,
            C command) {
        Optional<KeyedCommand> first = settings.idempotencyKey()
                .flatMap(key -> current.flatMap(
                        aggregate -> aggregate.meta().keyedCommand(IdempotencyKeys.keyHash(settings.actorId(), key))));
        if (first.isEmpty()) {
            return decideOn(codec, settings, ids, current, command);
        }
        if (!first.get().commandHash().equals(IdempotencyKeys.commandHash(command))) {
            return RunResult.threw(new IdempotencyKeyReusedException(
                    type.name(),
                    settings.aggregateId(),
                    settings.actorId(),
                    command.getClass().getSimpleName(),
                    first.get().firstVersion(),
                    first.get().lastVersion()));
        }
        List<AggregateEvent<E>> upTo = history.stream()
                .filter(e -> e.aggregateVersion() <= first.get().lastVersion())
                .toList();
        S state = reducer.fold(Optional.empty(), upTo).orElseThrow().state();
        return RunResult.produced(
                upTo.stream()
                        .filter(e -> e.aggregateVersion() >= first.get().firstVersion())
                        .toList(),
                state);
    }

    /**
     * The outcome as a store reads it back, where subjects were forgotten: new personal data of a forgotten subject
     * is stored erased, so its events and state read erased.
     */
    private RunResult<E, S> asStored(JsonCodec codec, ScenarioSettings settings, RunResult<E, S> outcome) {
        if (settings.forgotten().isEmpty() || outcome.error().isPresent()) {
            return outcome;
        }
        List<AggregateEvent<E>> events = outcome.envelopes().stream()
                .map(event -> codec.decode(codec.encode(event), type.eventClass()))
                .toList();
        S state = outcome.state().orElseThrow();
        return RunResult.produced(
                events,
                codec.decodeState(
                        codec.encodeState(state, type.name(), settings.aggregateId()),
                        type.stateClass(),
                        type.name(),
                        settings.aggregateId()));
    }

    /** An append that stores nothing and refuses what every store refuses. */
    private static AppendEvents checked(JsonCodec codec) {
        return new AppendEvents() {
            @Override
            public <T, V> void append(dev.escqrs.core.port.AppendBatch<T, V> batch) {
                StoreLimits.encode(codec, batch.type(), batch.aggregate(), batch.events());
            }
        };
    }

    private RunResult<E, S> decideOn(
            JsonCodec codec, ScenarioSettings settings, EventIds ids, Optional<Aggregate<S>> current, C command) {
        List<AggregateEvent<E>> envelopes = new ArrayList<>();
        S state = current.map(Aggregate::state).orElseGet(decider::initialState);
        long version = current.map(Aggregate::version).orElse(0L);
        Optional<Aggregate<S>> after;
        try {
            List<E> events = decider.decide(command, state);
            // the rules the command handler applies on every store
            Decisions.check(type.name(), settings.aggregateId(), command, events, version == 0);
            long next = version;
            for (E event : events) {
                // the command handler's envelopes: the first event of a keyed command carries its key
                EventMetadata metadata = settings.idempotencyKey().isPresent() && envelopes.isEmpty()
                        ? settings.metadata()
                                .withIdempotencyRecord(new IdempotencyRecord(
                                        IdempotencyKeys.keyHash(
                                                settings.actorId(),
                                                settings.idempotencyKey().get()),
                                        IdempotencyKeys.commandHash(command),
                                        events.size()))
                        : settings.metadata();
                envelopes.add(new AggregateEvent<>(
                        ids.next(),
                        type.eventName(event),
                        type.name(),
                        settings.aggregateId(),
                        ++next,
                        settings.actorId(),
                        event,
                        metadata));
            }
            after = reducer.fold(current, envelopes);
            if (!envelopes.isEmpty()) {
                StoreLimits.encode(codec, type, after.orElseThrow(), envelopes);
            }
        } catch (RuntimeException e) {
            return RunResult.threw(e);
        }
        return RunResult.produced(envelopes, after.map(Aggregate::state).orElse(state));
    }
}
