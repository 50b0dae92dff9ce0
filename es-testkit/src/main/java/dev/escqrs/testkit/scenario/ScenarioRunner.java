package dev.escqrs.testkit.scenario;

import java.util.List;
import java.util.function.Supplier;

/** Runs a scenario's command on its given events: on the decider alone, or on a store. */
interface ScenarioRunner<C, E, S> {
    /**
     * The outcome, how to run the command again afterwards (for the idempotency check), and how to send the same
     * request again (for the repeat of an idempotency key): the repeat's outcome is what the handler answered.
     */
    record Run<E, S>(RunResult<E, S> outcome, Supplier<RunResult<E, S>> rerun, Supplier<RunResult<E, S>> repeat) {}

    Run<E, S> run(ScenarioSettings settings, List<E> given, C command);
}
