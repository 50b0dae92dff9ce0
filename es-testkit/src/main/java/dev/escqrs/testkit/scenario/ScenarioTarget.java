package dev.escqrs.testkit.scenario;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.internal.Decisions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Scenario} runs on: the aggregate type and its decider, the runner that runs a command on them pure or
 * on a store, and the scenario's name in reports. It turns given commands into a history and a command into the
 * then-part; the scenario only collects what to run.
 */
record ScenarioTarget<C, E, S>(
        AggregateType<E, S> type, Decider<C, E, S> decider, ScenarioRunner<C, E, S> runner, String description) {

    /**
     * The events {@code commands} decide, run in order on the decider under the rules the command handler applies (the
     * first one creates the aggregate); a refused command fails the test, naming it and the scenario.
     */
    List<E> decide(String aggregateId, C[] commands) {
        List<E> history = new ArrayList<>();
        S state = decider.initialState();
        for (int i = 0; i < commands.length; i++) {
            C command = Objects.requireNonNull(commands[i], "a given command is null");
            List<E> decided;
            try {
                decided = decider.decide(command, state);
                Decisions.check(type.name(), aggregateId, command, decided, history.isEmpty());
            } catch (RuntimeException refused) {
                throw new AssertionError(
                        "scenario %s: given command [%d] %s was refused: %s"
                                .formatted(description, i, command, refused.getMessage()),
                        refused);
            }
            for (E event : decided) {
                state = decider.evolve(state, event);
                history.add(event);
            }
        }
        return history;
    }

    /** Runs {@code command} on the {@code given} events and hands its outcome to the then-part. */
    Then<E, S> run(ScenarioSettings settings, List<E> given, C command, boolean idempotent) {
        ScenarioRunner.Run<E, S> run = runner.run(settings, given, command);
        return new Then<>(
                settings.describe(description, given, command),
                run.outcome(),
                idempotent ? Optional.of(run.rerun()) : Optional.empty(),
                settings.idempotencyKey().map(key -> run.repeat()));
    }
}
