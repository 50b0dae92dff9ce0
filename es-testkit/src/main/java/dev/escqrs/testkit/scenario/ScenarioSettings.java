package dev.escqrs.testkit.scenario;

import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Settings a {@link Scenario} carries; immutable. */
record ScenarioSettings(
        String aggregateId,
        String actorId,
        EventMetadata metadata,
        EventIds eventIds,
        Clock clock,
        Optional<String> idempotencyKey,
        List<String> forgotten) {
    static final ScenarioSettings DEFAULT = new ScenarioSettings(
            "aggregate-1", "test-actor", EventMetadata.NONE, null, null, Optional.empty(), List.of());

    ScenarioSettings withForgotten(List<String> subjects) {
        return new ScenarioSettings(
                aggregateId, actorId, metadata, eventIds, clock, idempotencyKey, List.copyOf(subjects));
    }

    ScenarioSettings withIdempotencyKey(Optional<String> key) {
        return new ScenarioSettings(aggregateId, actorId, metadata, eventIds, clock, key, forgotten);
    }

    ScenarioSettings withAggregateId(String id) {
        return new ScenarioSettings(id, actorId, metadata, eventIds, clock, idempotencyKey, forgotten);
    }

    ScenarioSettings withActorId(String id) {
        return new ScenarioSettings(aggregateId, id, metadata, eventIds, clock, idempotencyKey, forgotten);
    }

    ScenarioSettings withMetadata(EventMetadata newMetadata) {
        return new ScenarioSettings(aggregateId, actorId, newMetadata, eventIds, clock, idempotencyKey, forgotten);
    }

    ScenarioSettings withEventIds(EventIds ids) {
        return new ScenarioSettings(aggregateId, actorId, metadata, ids, null, idempotencyKey, forgotten);
    }

    ScenarioSettings withClock(Clock newClock) {
        return new ScenarioSettings(aggregateId, actorId, metadata, null, newClock, idempotencyKey, forgotten);
    }

    /** The ids to use for one run: fresh repeatable ones unless set, so each run is the same. */
    EventIds idsForRun() {
        if (eventIds != null) {
            return eventIds;
        }
        return clock != null ? EventIds.seeded(clock, 1) : EventIds.fixed(Scenario.FIXED_TIME, 1);
    }

    /** The heading of a failure message: the scenario, the aggregate, the given events and the command. */
    String describe(String scenario, List<?> given, Object command) {
        StringBuilder text = new StringBuilder("scenario ")
                .append(scenario)
                .append(" for ")
                .append(aggregateId)
                .append('\n');
        text.append("given ")
                .append(given.isEmpty() ? "no events" : given.size() + " event(s):")
                .append('\n');
        for (int i = 0; i < given.size(); i++) {
            text.append("    [").append(i).append("] ").append(given.get(i)).append('\n');
        }
        text.append("when ").append(command);
        idempotencyKey.ifPresent(key ->
                text.append(", sent twice with idempotency key '").append(key).append('\''));
        return text.toString();
    }
}
