package dev.escqrs.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.testkit.store.Histories;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a scenario on a fresh store: the given events are appended through the event store, the command goes through
 * the real {@link CommandHandler}, and the outcome is what the store holds afterwards (events read back, aggregate
 * read through the reader), after checking that the stored aggregate is the fold of the stored events.
 */
final class StoreRunner<C, E, S> implements ScenarioRunner<C, E, S> {
    private final AggregateType<E, S> type;
    private final Decider<C, E, S> decider;
    private final StoreFixture fixture;

    StoreRunner(AggregateType<E, S> type, Decider<C, E, S> decider, StoreFixture fixture) {
        this.type = type;
        this.decider = decider;
        this.fixture = fixture;
    }

    @Override
    public Run<E, S> run(ScenarioSettings settings, List<E> given, C command) {
        DataKeys keys = DataKeys.inMemory();
        Stores stores = fixture.create(JsonCodec.of(type).withPersonalData(keys));
        EventIds ids = settings.idsForRun();
        String id = settings.aggregateId();
        appendGiven(stores, ids, settings, given);
        settings.forgotten().forEach(keys::forget);
        CommandHandler<C, E, S> handler = CommandHandler.builder(type, decider)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .retryPolicy(RetryPolicy.immediate(1))
                .cacheSize(0)
                .build();
        CommandRequest<C> plain = given.isEmpty()
                ? CommandRequest.createWithId(id, settings.actorId(), command).withMetadata(settings.metadata())
                : CommandRequest.update(id, settings.actorId(), command).withMetadata(settings.metadata());
        CommandRequest<C> first =
                settings.idempotencyKey().map(plain::withIdempotencyKey).orElse(plain);
        RunResult<E, S> outcome = execute(stores, handler, first);
        return new Run<>(
                outcome,
                () -> execute(
                        stores,
                        handler,
                        CommandRequest.update(id, settings.actorId(), command).withMetadata(settings.metadata())),
                () -> repeat(stores, handler, first));
    }

    /**
     * The same request again, through a handler with no cache (as after a restart): the outcome is what the handler
     * answered, and a replay must have written nothing.
     */
    private RunResult<E, S> repeat(Stores stores, CommandHandler<C, E, S> handler, CommandRequest<C> request) {
        String id = request.aggregateId().orElseThrow();
        long before = stores.reader().read(type, id).map(Aggregate::version).orElse(0L);
        CommandResult<E, S> result;
        try {
            result = handler.handle(request);
        } catch (RuntimeException e) {
            return RunResult.threw(e);
        }
        if (result.replayed()) {
            assertThat(stores.reader().read(type, id).map(Aggregate::version).orElse(0L))
                    .as(
                            "a replayed command must write nothing, but %s %s moved from version %d",
                            type.name(), id, before)
                    .isEqualTo(before);
        }
        return RunResult.produced(result.events(), result.aggregate().state());
    }

    private void appendGiven(Stores stores, EventIds ids, ScenarioSettings settings, List<E> given) {
        List<AggregateEvent<E>> events = new ArrayList<>(given.size());
        long version = 0;
        for (E payload : given) {
            events.add(new AggregateEvent<>(
                    ids.next(),
                    type.eventName(payload),
                    type.name(),
                    settings.aggregateId(),
                    ++version,
                    settings.actorId(),
                    payload,
                    EventMetadata.NONE));
        }
        Histories.append(stores.eventStore(), Reducer.of(type, decider), events);
    }

    private RunResult<E, S> execute(Stores stores, CommandHandler<C, E, S> handler, CommandRequest<C> request) {
        String id = request.aggregateId().orElseThrow();
        long before = stores.reader().read(type, id).map(Aggregate::version).orElse(0L);
        try {
            handler.handle(request);
        } catch (RuntimeException e) {
            assertThat(stores.reader().read(type, id).map(Aggregate::version).orElse(0L))
                    .as(
                            "a refused command must write nothing, but %s %s moved from version %d",
                            type.name(), id, before)
                    .isEqualTo(before);
            return RunResult.threw(e);
        }
        List<AggregateEvent<E>> all = stores.eventStore().events(type, id).toList();
        Optional<Aggregate<S>> folded = Reducer.of(type, decider).fold(Optional.empty(), all);
        Aggregate<S> stored = stores.reader()
                .read(type, id)
                .orElseThrow(() -> new AssertionError(
                        "%s %s: the command succeeded but the reader finds no aggregate".formatted(type.name(), id)));
        Aggregate<S> fold = folded.orElseThrow();
        assertThat(stored.meta())
                .as("the stored %s %s must equal the fold of its stored events", type.name(), id)
                .isEqualTo(fold.meta());
        assertThat(StoredForms.same(fold.state(), stored.state()))
                .as(
                        "the stored state of %s %s must equal the fold of its stored events, as stores compare values:"
                                + "%n    stored %s%n    folded %s",
                        type.name(), id, stored.state(), fold.state())
                .isTrue();
        return RunResult.produced(
                all.stream().filter(e -> e.aggregateVersion() > before).toList(), stored.state());
    }
}
